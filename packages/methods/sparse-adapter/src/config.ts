/**
 * SparseAdapter options (He et al. 2022, "SparseAdapter: An Easy Approach for Improving the
 * Parameter-Efficiency of Adapters"): a bottleneck adapter of any placement, pruned at initialisation to a
 * target sparsity and trained under that fixed mask. Defaults: the paper's (SNIP, 40 %), on the Pfeiffer
 * adapter with AdapterHub's defaults. Large-Sparse = a larger bottleneck with a higher sparsity.
 */
import { z } from 'zod';
import { adapterConfigSchema, VARIANTS, type AdapterVariant } from '@peftbench/method-adapter';

export const BASE_ADAPTERS = ['pfeiffer', 'houlsby', 'lin', 'parallel'] as const;
export type BaseAdapter = (typeof BASE_ADAPTERS)[number];
export const PRUNERS = ['snip', 'magnitude', 'random'] as const;

export const sparseAdapterConfigSchema = adapterConfigSchema(VARIANTS.pfeiffer.defaults).extend({
  adapter: z
    .enum(BASE_ADAPTERS)
    .default('pfeiffer')
    .describe("Which adapter is sparsified (its placement; ID3 Table 3's row is SparseAdapter on Pfeiffer). The other options keep Pfeiffer's defaults unless set."),
  sparsity: z
    .number()
    .min(0)
    .lt(1)
    .default(0.4)
    .describe('Fraction of the projection-matrix entries pruned at initialisation, over all adapters together (the paper\'s sparse ratio; 0.4 by default). Biases and layer norms are not pruned.'),
  pruner: z
    .enum(PRUNERS)
    .default('snip')
    .describe("Pruning score: 'snip' = |θ ⊙ ∂L/∂θ| on training batches before training (the paper's default), 'magnitude' = |θ|, 'random' = seeded uniform. The lowest scores are pruned."),
  scoreBatches: z.number().int().min(1).default(1).describe('SNIP: number of training batches whose gradients are summed for the score (default 1).'),
  scoreBatchSize: z.number().int().min(1).default(16).describe('SNIP: batch size of those batches (default 16).'),
});

export type SparseAdapterConfig = z.infer<typeof sparseAdapterConfigSchema>;

/** The adapter variant underneath, renamed so that owner, hooks and key names say sparse-adapter. */
export function sparseVariant(cfg: Pick<SparseAdapterConfig, 'adapter'>): AdapterVariant {
  return { ...VARIANTS[cfg.adapter], name: 'sparse-adapter' };
}
