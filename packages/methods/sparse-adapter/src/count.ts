/** SparseAdapter's trainable scalars: the dense adapter's count minus the floor(sparsity · N) pruned matrix entries. */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { trainableCount, type TrainableCount } from '@peftbench/method-full-ft';
import { countAdapter } from '@peftbench/method-adapter';
import { sparseVariant, type SparseAdapterConfig } from './config.ts';
import { prunedCount } from './prune.ts';

export function countSparseAdapter(hfConfig: HfConfig, cfg: SparseAdapterConfig, task: TaskSpec): TrainableCount & { dense: number; matrixEntries: number } {
  const { adapter: _a, sparsity, pruner: _p, scoreBatches: _b, scoreBatchSize: _s, ...adapterCfg } = cfg;
  const dense = countAdapter(sparseVariant(cfg), hfConfig, adapterCfg, task, { allowLargeBottleneck: true });
  const matrixEntries = dense.adapters * 2 * dense.hidden * dense.bottleneck;
  const method = dense.method - prunedCount(matrixEntries, sparsity);
  return { ...trainableCount(method, dense.head), dense: dense.method, matrixEntries };
}
