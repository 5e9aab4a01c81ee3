/**
 * Check what a run function returned before it is written. JSON cannot hold NaN or Infinity (JSON.stringify
 * turns them into null), so they become explicit nulls here, and an 'ok' run whose selected metric is not a
 * finite number is recorded as 'diverged' — never silently as a score.
 */
import { runResultSchema, type StoredRunResult } from './run-types.ts';
import { explainIssues, formatPath } from './zod-issues.ts';
import { failedResult } from './run-record.ts';

function finiteOrNull(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(finiteOrNull);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, finiteOrNull(v)]));
  }
  return value;
}

export function normalizeResult(raw: unknown, runnerWallSeconds: number): StoredRunResult {
  const parsed = runResultSchema.safeParse(finiteOrNull(raw));
  if (!parsed.success) {
    const p = explainIssues(parsed.error.issues)[0];
    return failedResult(`run function returned an invalid result: [${formatPath(p.path) || '(root)'}] ${p.message}`, runnerWallSeconds);
  }
  const r = parsed.data;
  if (r.status === 'ok' && r.best === null) {
    return { ...r, status: 'failed', message: r.message ?? 'run reported ok but selected no checkpoint (best is null)' };
  }
  if (r.status === 'ok' && r.best !== null && r.best.value === null) {
    return { ...r, status: 'diverged', message: r.message ?? `selected metric ${r.best.metric} is not a finite number` };
  }
  return r;
}
