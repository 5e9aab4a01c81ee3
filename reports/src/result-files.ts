/**
 * Read result files (results/<sweep>/<run-id>.json, written by the experiments runner) — the only input of
 * the reports. Each file is checked as the runner checks it (record-check.ts: parses, schema, id = file
 * name, spec hash = id, numeric best value); a file that fails is listed with the reason and left out, never counted.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AggregationRule } from './aggregate.ts';
import { checkRecordFile, recordValueProblem } from './record-check.ts';

export interface ResultRecord {
  id: string;
  sweep: string;
  spec: {
    family: string;
    task: string;
    method: string;
    methodConfig: Record<string, unknown>;
    seed: number;
    model: string;
    data: { kind: 'demo' } | { kind: 'folder'; dir: string } | { kind: 'hub' };
    protocol: string;
    hyper: Record<string, unknown>;
  };
  result: {
    status: 'ok' | 'diverged' | 'failed';
    message?: string;
    trainableParams: number;
    evals: { step: number; epoch: number; metrics: Record<string, number | null> }[];
    best: { metric: string; value: number | null; step: number; testMetrics?: Record<string, number | null> } | null;
    backend: { name: string; threads: number; versions: Record<string, string> };
    wallSeconds: number;
    /** Per optimizer step (parallel arrays), when the runner recorded it: training curves. */
    history?: { step: number[]; loss: (number | null)[]; lr?: number[]; gradNorm?: (number | null)[]; evals?: { step: number; metrics: Record<string, number | null> }[] };
    /** Selective runs: each checkpoint budget's snapshot scored on the selection split after training (ID3 Figure 5). */
    budgetScores?: { budget: number; budgetUsed: number; step: number; metrics: Record<string, number | null> }[];
    /** Selective runs: tensor sparsity / sparsity entropy of the updated entries per training iteration (ID3 Figures 8/9). */
    sparsityTrace?: { step: number; budgetUsed: number; tensors: number; tensorSparsity: number | null; entropy: number | null; entropyNormalized: number | null }[];
    /** Selective runs: per transformer layer after training (share of the used budget, density, tensor sparsity, normalised entropy). */
    layerStats?: { layer: number; tensors: number; chosen: number; size: number; sparsity: number | null; entropy: number | null; density: number | null; share: number | null }[];
  };
  git: { commit: string | null; dirty: boolean | null };
  finishedAt: string;
}

export interface SweepMeta {
  name: string;
  family: string;
  aggregation: AggregationRule;
  report: { tables: string[]; paperModel?: string; notes?: string[] };
  seeds: number[];
}

export interface SweepResults {
  name: string;
  dir: string;
  meta: SweepMeta | null;
  records: ResultRecord[];
  unreadable: { file: string; reason: string }[];
}

/** Where a record lacks something the tables need or fails the runner's checks, say what; null when it is usable. */
export function recordProblem(r: unknown, expectedId?: string): string | null {
  const id = expectedId ?? (typeof (r as { id?: unknown })?.id === 'string' ? (r as { id: string }).id : '');
  return recordValueProblem(r, id);
}

function readJson(file: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (err) {
    return { error: `not valid JSON (${(err as Error).message})` };
  }
}

export function loadSweepResults(dir: string, name: string): SweepResults {
  const records: ResultRecord[] = [];
  const unreadable: SweepResults['unreadable'] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json') || file.startsWith('_') || file.startsWith('.')) continue;
    const path = join(dir, file);
    const checked = checkRecordFile(path, file.slice(0, -'.json'.length));
    if ('problem' in checked) unreadable.push({ file: path, reason: checked.problem });
    else records.push(checked.record as unknown as ResultRecord);
  }
  let meta: SweepMeta | null = null;
  const metaFile = join(dir, '_sweep.json');
  if (existsSync(metaFile)) {
    const json = readJson(metaFile);
    if ('value' in json) meta = json.value as SweepMeta;
    else unreadable.push({ file: metaFile, reason: json.error });
  }
  return { name, dir, meta, records, unreadable };
}

/** Every sweep folder under resultsRoot (a folder holding at least one result or a _sweep.json). */
export function loadAllResults(resultsRoot: string): SweepResults[] {
  if (!existsSync(resultsRoot)) return [];
  return readdirSync(resultsRoot)
    .sort()
    .filter((name) => !name.startsWith('.') && statSync(join(resultsRoot, name)).isDirectory())
    .map((name) => loadSweepResults(join(resultsRoot, name), name))
    .filter((s) => s.records.length > 0 || s.meta !== null);
}
