/** Full fine-tuning options. */
import { z } from 'zod';

export const fullFtConfigSchema = z
  .object({
    topLayers: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'Train only the top k transformer layers (+ the final norm of pre-LN decoders + the task head); absent = every parameter. ' +
          'k = 2 is FT^top2 of the LoRA paper (Hu et al. 2021, Table 3), reported for GPT-2 medium in RED Table 2.',
      ),
  })
  .strict();

export type FullFtConfig = z.infer<typeof fullFtConfigSchema>;

/** Named options as the papers label them. */
export const FULL_FT_PRESETS: Record<string, FullFtConfig> = {
  FT: {},
  'FT-top2': { topLayers: 2 },
};
