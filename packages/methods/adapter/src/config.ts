/**
 * Options of the bottleneck-adapter family. One schema per method (Houlsby, Pfeiffer, Lin, parallel,
 * AdapterDrop); they share the fields and differ in their defaults, which are the papers' / AdapterHub's
 * (`adapters` library: DoubleSeqBnConfig, SeqBnConfig, ParBnConfig).
 */
import { z } from 'zod';

/** Where the bottleneck sits (fixed per method; see README for the equations). */
export type Placement = 'houlsby' | 'pfeiffer' | 'lin' | 'parallel';

export const NON_LINEARITIES = ['relu', 'gelu', 'swish', 'tanh'] as const;
export type NonLinearity = (typeof NON_LINEARITIES)[number];

/** AdapterHub's `init_weights` values. */
export const INITS = ['bert', 'houlsby', 'mam_adapter'] as const;
export type AdapterInit = (typeof INITS)[number];

export interface AdapterDefaults {
  reductionFactor: number;
  nonLinearity: NonLinearity;
  scaling: number;
  init: AdapterInit;
  trainLayerNorm: boolean;
  dropLowest: number;
}

export function adapterConfigSchema(d: AdapterDefaults) {
  return z
    .object({
      reductionFactor: z
        .number()
        .positive()
        .default(d.reductionFactor)
        .describe(`Bottleneck size m = floor(hidden / reductionFactor) (AdapterHub's reduction_factor; default ${d.reductionFactor}). Ignored when bottleneck is set.`),
      bottleneck: z
        .number()
        .int()
        .min(1)
        .nullable()
        .default(null)
        .describe('Bottleneck size m directly (the papers\' "rank r" of an adapter); null = from reductionFactor. Must be at most the hidden size.'),
      nonLinearity: z.enum(NON_LINEARITIES).default(d.nonLinearity).describe(`Non-linearity between the down- and up-projection (AdapterHub's non_linearity; swish = SiLU; default ${d.nonLinearity}).`),
      scaling: z.number().positive().default(d.scaling).describe(`Constant s multiplying the up-projection's output (He et al. 2022's scaling; default ${d.scaling}).`),
      init: z
        .enum(INITS)
        .default(d.init)
        .describe(
          `Initialisation (AdapterHub's init_weights): 'bert' = N(0, 0.02²) weights, zero biases; 'houlsby' = truncated N(0, 0.01²) within ±2σ (Houlsby et al.'s near-identity); 'mam_adapter' = down Kaiming-uniform, up-projection zero (exactly the identity at start). Default '${d.init}'.`,
        ),
      trainLayerNorm: z
        .boolean()
        .default(d.trainLayerNorm)
        .describe(`Also train the layer norms of every layer that holds an adapter (Houlsby et al. 2019 do; AdapterHub does not). Default ${d.trainLayerNorm}.`),
      dropLowest: z
        .number()
        .int()
        .min(0)
        .default(d.dropLowest)
        .describe(`AdapterDrop (Rücklé et al. 2021): no adapters in the lowest n layers (per stack). Default ${d.dropLowest}.`),
      layers: z
        .array(z.number().int().min(0))
        .nullable()
        .default(null)
        .describe('Layer indices that get adapters (null = all); combined with dropLowest. AdapterHub writes the complement as leave_out.'),
      dropout: z.number().min(0).lt(1).default(0).describe("Dropout on the adapter's output while training (AdapterHub's dropout; default 0)."),
      name: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/)
        .optional()
        .describe("The adapter's name in AdapterHub key names (`…adapters.<name>.adapter_down.0.weight`); default: the method name."),
    })
    .strict();
}

export type AdapterConfig = z.infer<ReturnType<typeof adapterConfigSchema>>;

/** One adapter method of the family. */
export interface AdapterVariant {
  name: string;
  label: string;
  paperNames: string[];
  placement: Placement;
  defaults: AdapterDefaults;
  summary: string;
  order: number;
}

const base = { scaling: 1, init: 'bert' as const, trainLayerNorm: false, dropLowest: 0 };

export const VARIANTS: Record<'houlsby' | 'pfeiffer' | 'lin' | 'parallel' | 'adapterdrop', AdapterVariant> = {
  houlsby: {
    name: 'houlsby',
    label: 'Adapter (Houlsby)',
    paperNames: ['Adapter', 'Adpt^H'],
    placement: 'houlsby',
    defaults: { ...base, reductionFactor: 16, nonLinearity: 'swish', trainLayerNorm: true },
    summary: 'Houlsby et al. 2019: a bottleneck with its own residual after the attention output projection and after the FFN output, in every layer; layer norms trained as in the paper.',
    order: 40,
  },
  pfeiffer: {
    name: 'pfeiffer',
    label: 'Adapter (Pfeiffer)',
    paperNames: ['Adapter_FFN', 'Adpt^P', 'Pfeiffer'],
    placement: 'pfeiffer',
    defaults: { ...base, reductionFactor: 16, nonLinearity: 'relu' },
    summary: "Pfeiffer et al. 2021: one bottleneck after the FFN, on the layer-normed FFN output, with AdapterHub's residual / LayerNorm placement.",
    order: 41,
  },
  lin: {
    name: 'lin',
    label: 'Adapter (Lin)',
    paperNames: ['Adpt^L'],
    placement: 'lin',
    defaults: { ...base, reductionFactor: 16, nonLinearity: 'relu' },
    summary: "Lin et al. 2020: one bottleneck with its own LayerNorm on each layer's output (after the FFN and the layer's LayerNorm), with a residual.",
    order: 42,
  },
  parallel: {
    name: 'parallel',
    label: 'Adapter (parallel)',
    paperNames: ['PA', 'Parallel Adapter'],
    placement: 'parallel',
    defaults: { ...base, reductionFactor: 2, nonLinearity: 'relu', scaling: 4, init: 'mam_adapter' },
    summary: "He et al. 2022: a bottleneck beside the FFN, fed the FFN's input, scaled by s and added to the FFN output.",
    order: 43,
  },
  adapterdrop: {
    name: 'adapterdrop',
    label: 'AdapterDrop',
    paperNames: ['AdapterDrop'],
    placement: 'houlsby',
    defaults: { ...base, reductionFactor: 16, nonLinearity: 'swish', trainLayerNorm: true, dropLowest: 5 },
    summary: 'Rücklé et al. 2021: Houlsby adapters with none in the lowest n layers (default 5).',
    order: 44,
  },
};

/** AdapterHub's BnConfig flags that describe a placement (written to adapter_config.json). */
export function adapterHubFlags(placement: Placement): Record<string, boolean> {
  const seq = { ln_after: false, adapter_residual_before_ln: false, use_gating: false };
  switch (placement) {
    case 'houlsby':
      return { ...seq, mh_adapter: true, output_adapter: true, original_ln_before: false, original_ln_after: true, residual_before_ln: true, ln_before: false, is_parallel: false };
    case 'pfeiffer':
      return { ...seq, mh_adapter: false, output_adapter: true, original_ln_before: true, original_ln_after: true, residual_before_ln: true, ln_before: false, is_parallel: false };
    case 'lin':
      return { ...seq, mh_adapter: false, output_adapter: true, original_ln_before: true, original_ln_after: false, residual_before_ln: false, ln_before: true, is_parallel: false };
    case 'parallel':
      return { ...seq, mh_adapter: false, output_adapter: true, original_ln_before: false, original_ln_after: true, residual_before_ln: true, ln_before: false, is_parallel: true };
  }
}
