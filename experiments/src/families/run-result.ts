/** The RunResult every family returns, from the trainer's result and the selected checkpoint's test metrics. */
import { basename } from 'node:path';
import { backendInfo, type BackendInfo, type TrainResult } from '@peftbench/core';
import type { RunResult, SelectiveRecord, TrainHistory } from '../run-types.ts';

export function runResultOf(
  result: TrainResult,
  run: { trainableParams: number; testMetrics?: Record<string, number>; modelDir: string; started: number; backend: BackendInfo; message?: string; history?: TrainHistory; data?: RunResult['data']; provenance?: RunResult['provenance']; selective?: SelectiveRecord },
): RunResult {
  const info = backendInfo() ?? run.backend;
  return {
    status: result.status === 'diverged' ? 'diverged' : 'ok',
    message: result.message ?? run.message,
    trainableParams: run.trainableParams,
    evals: result.evals,
    best: result.best ? { metric: result.best.metric, value: result.best.value, step: result.best.step, testMetrics: run.testMetrics } : null,
    // the model folder's name carries the pretraining recipe hash: results from different weights stay apart
    backend: { name: info.name, threads: info.threads, versions: { ...info.versions, model: basename(run.modelDir) } },
    wallSeconds: (Date.now() - run.started) / 1000,
    history: run.history,
    data: run.data,
    provenance: run.provenance,
    // selective methods: budget-checkpoint scores, sparsity per iteration and per layer (ID3 Figures 5, 8, 9)
    ...run.selective,
  };
}
