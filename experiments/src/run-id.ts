/**
 * Stable run ids: the resume key. The hash covers everything that changes what a run computes, written
 * as canonical JSON (sorted keys), so key order in the sweep file or which sweep holds the run do not matter.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative } from 'node:path';
import { repoRoot } from '@peftbench/util';
import type { RunSpec } from './run-types.ts';

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

/** A folder is hashed relative to the repository root, so a clone elsewhere (same ../shared layout) resumes. */
function portableData(data: RunSpec['data']): RunSpec['data'] {
  if (data.kind !== 'folder' || !isAbsolute(data.dir)) return data;
  return { kind: 'folder', dir: relative(repoRoot, data.dir) || '.' };
}

export function runHash(spec: Omit<RunSpec, 'id' | 'sweep'>): string {
  const { family, task, method, methodConfig, seed, model, data, protocol, hyper } = spec;
  const key = canonicalJson({ family, task, method, methodConfig, seed, model, data: portableData(data), protocol, hyper });
  return createHash('sha256').update(key).digest('hex').slice(0, 10);
}

export function runId(spec: Omit<RunSpec, 'id' | 'sweep'>): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return `${slug(spec.task)}-${slug(spec.method)}-s${spec.seed}-${runHash(spec)}`;
}

/** The hash of a run's configuration without its seed: runs that differ only by seed share it (aggregation). */
export function configKey(spec: Omit<RunSpec, 'id' | 'sweep'>): string {
  return runHash({ ...spec, seed: 0 });
}
