/** ID3's config (paper §3, Table 7a): the shared selective options plus the D3 heuristic's ε and exp. */
import { z } from 'zod';
import { selectiveConfigShape } from '@peftbench/selective';

export const id3ConfigSchema = z
  .object({
    ...selectiveConfigShape,
    exp: z.number().default(2).describe('D3 exponent: H = |g| / (|θ| + ε)^exp (eq. 1). Table 7a: NLU/NER 2, generative 0.'),
    eps: z.number().positive().default(1).describe('D3 smoothing ε (eq. 1). Table 7a: 1. (Authors\' README example: 1e-3.)'),
    totalSteps: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('T of the uniform scheduler u_t = B/T; default: the trainer\'s total optimizer steps.'),
  })
  .strict();
export type Id3Config = z.infer<typeof id3ConfigSchema>;
