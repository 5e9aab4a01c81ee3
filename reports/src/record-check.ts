/**
 * Result-file validation, the same checks the experiments runner applies before it counts a run (its
 * results-store readRecord): the file parses (an empty or truncated file does not), the record has the
 * run-record schema (`format: peftbench-run/1`, spec, result with numeric-or-null metrics, git,
 * environment, times), its id equals the file name, and the spec hashes to the id (a hand-edited spec
 * does not). On top, what a table needs: a finished (`ok`) run has a numeric best value.
 * `runId` here is the runner's algorithm (canonical JSON of the spec without id/sweep, sha256, 10 hex).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { z } from 'zod';
import { repoRoot } from '@peftbench/util';

export const RECORD_FORMAT = 'peftbench-run/1';

const metricValue = z.number().nullable();
const metricMap = z.record(z.string(), metricValue);

const specSchema = z.object({
  sweep: z.string(),
  id: z.string(),
  family: z.enum(['glue', 'e2e', 'math', 'conll']),
  task: z.string(),
  method: z.string(),
  methodConfig: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  model: z.string(),
  data: z.union([z.object({ kind: z.literal('demo') }), z.object({ kind: z.literal('folder'), dir: z.string() }), z.object({ kind: z.literal('hub') })]),
  protocol: z.enum(['dev', 'red-split', 'id3']),
  hyper: z.looseObject({ learningRate: z.number(), batchSize: z.number(), epochs: z.number(), maxLength: z.number(), warmupRatio: z.number(), weightDecay: z.number() }),
});

const resultSchema = z.object({
  status: z.enum(['ok', 'diverged', 'failed']),
  message: z.string().optional(),
  trainableParams: z.number().int().nonnegative(),
  evals: z.array(z.object({ step: z.number(), epoch: z.number(), metrics: metricMap })),
  best: z.object({ metric: z.string(), value: metricValue, step: z.number(), testMetrics: metricMap.optional() }).nullable(),
  backend: z.object({ name: z.string(), threads: z.number(), versions: z.record(z.string(), z.string()) }),
  wallSeconds: z.number().nonnegative(),
  history: z
    .object({
      step: z.array(z.number().int().nonnegative()),
      loss: z.array(metricValue),
      lr: z.array(z.number()).optional(),
      gradNorm: z.array(metricValue).optional(),
      evals: z.array(z.object({ step: z.number(), metrics: metricMap })).optional(),
    })
    .optional(),
  // selective runs (ID3 Figures 5, 8, 9): the same shapes as experiments/src/run-types.ts runResultSchema
  budgetScores: z.array(z.object({ budget: z.number().int().positive(), budgetUsed: z.number().int().nonnegative(), step: z.number().int().nonnegative(), metrics: metricMap })).optional(),
  sparsityTrace: z
    .array(z.object({ step: z.number().int().nonnegative(), budgetUsed: z.number().int().nonnegative(), tensors: z.number().int().nonnegative(), tensorSparsity: metricValue, entropy: metricValue, entropyNormalized: metricValue }))
    .optional(),
  layerStats: z
    .array(z.object({ layer: z.number().int().nonnegative(), tensors: z.number().int().nonnegative(), chosen: z.number().int().nonnegative(), size: z.number().int().nonnegative(), sparsity: metricValue, entropy: metricValue, density: metricValue, share: metricValue }))
    .optional(),
});

export const runRecordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  id: z.string(),
  sweep: z.string(),
  spec: specSchema,
  result: resultSchema,
  git: z.object({ commit: z.string().nullable(), dirty: z.boolean().nullable() }),
  environment: z.object({ node: z.string(), platform: z.string(), arch: z.string(), cpus: z.number(), cpuModel: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  runnerWallSeconds: z.number(),
});

export type CheckedRecord = z.infer<typeof runRecordSchema>;

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

type SpecLike = { family: string; task: string; method: string; methodConfig: Record<string, unknown>; seed: number; model: string; data: { kind: string; dir?: string }; protocol: string; hyper: Record<string, unknown> };

/** The run id the runner gives a spec: `<task>-<method>-s<seed>-<hash>`. */
export function runId(spec: SpecLike): string {
  const { family, task, method, methodConfig, seed, model, protocol, hyper } = spec;
  // a folder is hashed relative to the repository root, so a clone elsewhere resumes (runner: portableData)
  const data = spec.data.kind === 'folder' && spec.data.dir && isAbsolute(spec.data.dir) ? { kind: 'folder', dir: relative(repoRoot, spec.data.dir) || '.' } : spec.data;
  const hash = createHash('sha256').update(canonicalJson({ family, task, method, methodConfig, seed, model, data, protocol, hyper })).digest('hex').slice(0, 10);
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return `${slug(task)}-${slug(method)}-s${seed}-${hash}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
}

/** Why a parsed value is not a usable run record, or null. `expectedId` is the file name without `.json`. */
export function recordValueProblem(json: unknown, expectedId: string): string | null {
  const parsed = runRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `[${formatPath(issue.path) || '(root)'}] ${issue.message}`;
  }
  const rec = parsed.data;
  if (rec.id !== expectedId) return `id '${rec.id}' does not match the file name`;
  let recomputed: string;
  try {
    recomputed = runId(rec.spec);
  } catch (err) {
    return `[spec] ${(err as Error).message}`;
  }
  if (recomputed !== rec.id) return `spec hashes to ${recomputed}, not to its id (edited by hand?)`;
  if (rec.result.status === 'ok' && rec.result.best && (typeof rec.result.best.value !== 'number' || !Number.isFinite(rec.result.best.value))) {
    return '[result.best.value] not a number in a run whose status is ok';
  }
  return null;
}

/** Read and check one result file: the record, or the reason it is left out. */
export function checkRecordFile(file: string, expectedId: string): { record: CheckedRecord } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { problem: `cannot be read (${(err as Error).message})` };
  }
  if (text.trim() === '') return { problem: 'empty file' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // NaN / Infinity are not JSON either: a writer that printed them produced an unreadable file
    return { problem: `not valid JSON (${(err as Error).message}; truncated, or NaN written as a number?)` };
  }
  const problem = recordValueProblem(json, expectedId);
  return problem ? { problem } : { record: json as CheckedRecord };
}
