/**
 * Prefix-tuning options (Li & Liang 2021, "Prefix-Tuning: Optimizing Continuous Prompts for Generation"), and
 * P-tuning v2 (Liu et al. 2022): the same deep prompts without the reparameterisation MLP.
 */
import { z } from 'zod';

export const prefixTuningConfigSchema = z
  .object({
    numVirtualTokens: z
      .number()
      .int()
      .min(1)
      .default(10)
      .describe('Prefix length P (HF num_virtual_tokens): key/value positions prepended at every layer. Li & Liang use 10 for table-to-text (E2E); RED ran 16.'),
    prefixProjection: z
      .boolean()
      .default(true)
      .describe(
        'Reparameterise during training (Li & Liang §4.3; HF prefix_projection): the prefix is MLP(E), E ∈ R^{P×d}, MLP = Linear(d→h)·tanh·Linear(h→2·L·d). ' +
          'false = train the P × 2·L·d prefix directly (P-tuning v2; HF PEFT\'s default, as the RED runs used it).',
      ),
    encoderHiddenSize: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(512)
      .describe('h, the MLP\'s hidden width (HF encoder_hidden_size; Li & Liang\'s code: 512). null = the model\'s hidden size (HF\'s default). Ignored without prefixProjection.'),
    inferenceMode: z
      .boolean()
      .default(false)
      .describe(
        'HF inference_mode: hold the projected P × 2·L·d prefix directly even when prefixProjection is true (what a saved adapter contains; set by loadPrefixTuningAdapter).',
      ),
  })
  .strict();

export type PrefixTuningConfig = z.infer<typeof prefixTuningConfigSchema>;

/** Named settings: the method's paper, P-tuning v2, and the RED paper's prefix-tuning runs (HF PEFT defaults, P = 16). */
export const PREFIX_TUNING_PRESETS: Record<string, Partial<PrefixTuningConfig>> = {
  'li-liang': {},
  'p-tuning-v2': { prefixProjection: false },
  'red-hf-peft': { prefixProjection: false, numVirtualTokens: 16 },
};

/** Whether the prefix is produced by the MLP (training-time reparameterisation). */
export function usesProjection(cfg: PrefixTuningConfig): boolean {
  return cfg.prefixProjection && !cfg.inferenceMode;
}
