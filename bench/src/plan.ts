/** Which processes a bench run starts: one per backend, and per wasm thread count (tfjs fixes both per process). */
import { BACKEND_PACKAGES, packageVersion } from '@peftbench/core';
import type { MeasureRequest } from './measure.ts';
import { benchShape, type BenchOptions } from './options.ts';

export interface PlannedProcess {
  label: string;
  request: MeasureRequest;
}

/** One process per backend (and per wasm thread count); libtensorflow bindings that are not installed are skipped up front. */
export function planProcesses(opts: BenchOptions, methods: string[] = []): { planned: PlannedProcess[]; skipped: { label: string; reason: string }[] } {
  const shape = benchShape(opts);
  const planned: PlannedProcess[] = [];
  const skipped: { label: string; reason: string }[] = [];
  let profiled = false;
  for (const backend of opts.backends) {
    if ((backend === 'tensorflow' || backend === 'tensorflow-gpu') && packageVersion(BACKEND_PACKAGES[backend]) === undefined) {
      skipped.push({ label: backend, reason: `${BACKEND_PACKAGES[backend]} is not installed (optional dependency; its install downloads libtensorflow)` });
      continue;
    }
    const cpu = backend === 'cpu';
    for (const threads of backend === 'wasm' ? opts.threads : [1]) {
      const profile: boolean = opts.profile && backend === 'wasm' && !profiled;
      profiled ||= profile;
      planned.push({
        label: backend === 'wasm' && threads > 1 ? `wasm-${threads}t` : backend,
        request: {
          backend,
          threads,
          shape,
          batchSize: cpu ? Math.min(opts.cpuBatchSize, opts.batchSize) : opts.batchSize,
          seqLen: opts.seqLen,
          steps: cpu ? Math.min(opts.cpuSteps, opts.steps) : opts.steps,
          warmup: cpu ? Math.min(opts.warmup, 1) : opts.warmup,
          seed: opts.seed,
          profile,
          progress: true,
          ...(methods.length ? { methods } : {}),
        },
      });
    }
  }
  return { planned, skipped };
}

