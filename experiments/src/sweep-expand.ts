/**
 * Expand a sweep into runs: tasks × methods × (grid of every hyperparameter given as a list) × seeds.
 * Layers merge in this order, later winning: sweep.hyper, sweep.perTask[task], method.hyper,
 * method.perTask[task] — so a paper's per-task, per-method table (RED Table 9) is written as it is printed.
 */
import { InputError } from '@peftbench/util';
import type { HyperLayer } from './sweep-schema.ts';
import type { Sweep } from './sweep-load.ts';
import type { Hyper, RunSpec } from './run-types.ts';
import { runId } from './run-id.ts';
import { runHyperSchema } from './run-types.ts';
import { families } from './families.ts';
import { explainIssues, formatPath } from './zod-issues.ts';

const required = ['learningRate', 'batchSize', 'epochs', 'maxLength', 'warmupRatio', 'weightDecay'] as const;

export function mergeLayers(layers: readonly (HyperLayer | undefined)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) {
      if (k === 'extra') Object.assign(extra, v);
      else if (v !== undefined) out[k] = v;
    }
  }
  for (const [k, v] of Object.entries(extra)) {
    if (k in out) throw new InputError(`hyper.extra.${k}: '${k}' is a named hyperparameter; set it outside 'extra'`);
    out[k] = v;
  }
  return out;
}

/** Cartesian product over the keys whose value is a list, in sorted key order (deterministic). */
export function gridPoints(merged: Record<string, unknown>): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const key of Object.keys(merged).sort()) {
    const value = merged[key];
    const values = Array.isArray(value) ? value : [value];
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return points;
}

export function expandSweep(sweep: Sweep): RunSpec[] {
  const runs: RunSpec[] = [];
  const seen = new Set<string>();
  for (const task of sweep.tasks) {
    for (const method of sweep.methods) {
      let merged: Record<string, unknown>;
      try {
        merged = mergeLayers([sweep.hyper, sweep.perTask[task], method.hyper, method.perTask[task], sweep.override]);
      } catch (err) {
        throw new InputError(`${sweep.file} [method ${method.name}, task ${task}]: ${(err as Error).message}`);
      }
      const missing = required.filter((k) => merged[k] === undefined);
      if (missing.length > 0) {
        throw new InputError(`${sweep.file} [method ${method.name}, task ${task}]: hyper.${missing.join(', hyper.')} not set at any level (hyper, perTask, methods[].hyper, methods[].perTask)`);
      }
      // every key is a common run hyperparameter or a setting of this family, with a valid value (checked
      // before any run starts; a key no one reads would make runs that differ only in their id)
      const schema = runHyperSchema.extend(families[sweep.family].extraSchema.shape).strict();
      for (const point of gridPoints(merged)) {
        const checked = schema.safeParse(point);
        if (!checked.success) {
          const p = explainIssues(checked.error.issues)[0];
          throw new InputError(`${sweep.file} [method ${method.name}, task ${task}, hyper.${formatPath(p.path)}]: ${p.message}`);
        }
        for (const seed of sweep.seeds) {
          const base = {
            family: sweep.family,
            task,
            method: method.name,
            methodConfig: method.config,
            seed,
            model: sweep.model,
            data: sweep.data,
            protocol: sweep.protocol,
            hyper: point as Hyper,
          };
          const id = runId(base);
          if (seen.has(id)) continue; // the same run listed twice (e.g. a repeated grid value): run it once
          seen.add(id);
          runs.push({ sweep: sweep.name, id, ...base });
        }
      }
    }
  }
  return runs;
}
