/** RED options (Wu et al. 2024, "Advancing Parameter Efficiency in Fine-tuning via Representation Editing"). */
import { z } from 'zod';

export const redConfigSchema = z
  .object({
    positions: z
      .enum(['ffn', 'attn', 'ffn+attn'])
      .default('ffn')
      .describe("Where the edit h2 = l_scaling ⊙ h1 + l_bias is applied in every layer: the FFN output (default, eq. 3), the attention output projection, or both (position ablation, Table 7)."),
    variant: z
      .enum(['scaling+bias', 'scaling', 'bias'])
      .default('scaling+bias')
      .describe("Which edit vectors exist: both (default), the scaling vector only or the bias vector only (edit-vector ablation, Table 6)."),
    headDropout: z
      .number()
      .min(0)
      .lt(1)
      .nullable()
      .default(null)
      .describe(
        "Dropout inside the new classification head. null (default): the paper states none, so the model's own value (classifier_dropout, else hidden_dropout_prob = 0.1 for RoBERTa) applies. " +
          'The authors\' code uses 0.5: build the model from withHeadDropout(config.json, 0.5), since hooks cannot change head dropout.',
      ),
  })
  .strict();

export type RedConfig = z.infer<typeof redConfigSchema>;

/** Named options: the paper's setting and the authors' code. */
export const RED_PRESETS: Record<string, Partial<RedConfig>> = {
  paper: {},
  'authors-code': { headDropout: 0.5 },
};

/** Hook point per position: 'ffn' = FFN down-projection output, 'attn' = attention output projection. */
export const RED_SITES = { ffn: 'ffn.output', attn: 'attention.output' } as const;

export function redSites(cfg: Pick<RedConfig, 'positions'>): (keyof typeof RED_SITES)[] {
  return cfg.positions === 'ffn+attn' ? ['ffn', 'attn'] : [cfg.positions];
}

export function redVectors(cfg: Pick<RedConfig, 'variant'>): ('scaling' | 'bias')[] {
  return cfg.variant === 'scaling+bias' ? ['scaling', 'bias'] : [cfg.variant];
}
