/**
 * Read result files (results/<sweep>/<run-id>.json, written by the experiments runner) — the only input of
 * the reports. A file that does not parse or lacks a field the tables need is listed and left out, never
 * counted. Only the fields the reports use are checked here; the runner validates the full record.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AggregationRule } from './aggregate.ts';

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
  };
  git: { commit: string | null; dirty: boolean | null };
  finishedAt: string;
}

export interface SweepMeta {
  name: string;
  family: string;
  aggregation: AggregationRule;
  report: { tables: string[]; paperModel?: string };
  seeds: number[];
}

export interface SweepResults {
  name: string;
  dir: string;
  meta: SweepMeta | null;
  records: ResultRecord[];
  unreadable: { file: string; reason: string }[];
}

/** Where a record lacks something the tables need, say what; null when it is usable. */
export function recordProblem(r: unknown): string | null {
  const rec = r as Partial<ResultRecord>;
  if (typeof rec !== 'object' || rec === null) return 'not an object';
  if (typeof rec.id !== 'string') return '[id] missing';
  const s = rec.spec;
  if (!s || typeof s.task !== 'string' || typeof s.method !== 'string' || typeof s.seed !== 'number' || typeof s.model !== 'string' || typeof s.protocol !== 'string' || !s.data) {
    return '[spec] missing task, method, seed, model, data or protocol';
  }
  const res = rec.result;
  if (!res || !['ok', 'diverged', 'failed'].includes(res.status as string)) return '[result.status] missing or unknown';
  if (typeof res.trainableParams !== 'number') return '[result.trainableParams] missing';
  if (!Array.isArray(res.evals)) return '[result.evals] missing';
  if (res.best !== null && (typeof res.best !== 'object' || typeof res.best.metric !== 'string')) return '[result.best] malformed';
  if (!res.backend || typeof res.backend.name !== 'string') return '[result.backend] missing';
  return null;
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
    const json = readJson(path);
    if ('error' in json) {
      unreadable.push({ file: path, reason: json.error });
      continue;
    }
    const problem = recordProblem(json.value);
    if (problem) unreadable.push({ file: path, reason: problem });
    else records.push(json.value as ResultRecord);
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
