/** BitFit options. */
import { z } from 'zod';

export const bitfitConfigSchema = z
  .object({
    variant: z
      .enum(['bias', 'all-1d'])
      .default('bias')
      .describe(
        "'bias' (Ben Zaken et al. 2022): every bias term of the backbone, LayerNorm biases included. " +
          "'all-1d': every 1-D parameter (biases and LayerNorm gains), the selective-peft-toolkit's BitFit used by ID3 (Table 1, 4).",
      ),
  })
  .strict();

export type BitfitConfig = z.infer<typeof bitfitConfigSchema>;
