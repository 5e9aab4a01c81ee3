/** @peftbench/method-sparse-adapter: SparseAdapter (He et al. 2022), an adapter pruned at initialisation. */
import type { PeftMethod } from '@peftbench/core';
import { applySparseAdapter } from './apply.ts';
import { sparseAdapterConfigSchema, type SparseAdapterConfig } from './config.ts';
import { countSparseAdapter } from './count.ts';

export const method: PeftMethod<SparseAdapterConfig> = {
  name: 'sparse-adapter',
  label: 'SparseAdapter',
  paperNames: ['SparseAdapter', 'SparseAdapter+Pfeiffer'],
  order: 45,
  summary: 'SparseAdapter (He et al. 2022): a bottleneck adapter (Pfeiffer by default) pruned at initialisation to a target sparsity by SNIP, trained under the fixed mask.',
  configSchema: sparseAdapterConfigSchema,
  apply: applySparseAdapter,
  countTrainable: (hf, cfg, task) => countSparseAdapter(hf, cfg, task).total,
};

export { applySparseAdapter, type AppliedSparseAdapter } from './apply.ts';
export { countSparseAdapter } from './count.ts';
export { keepMasks, applyMasks, prunedCount } from './prune.ts';
export { sparseAdapterConfigSchema, sparseVariant, BASE_ADAPTERS, PRUNERS, type SparseAdapterConfig, type BaseAdapter } from './config.ts';
