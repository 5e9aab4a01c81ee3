/** repeat-D3 config: the selective options plus the D3 heuristic's ε and exp (ID3 paper eq. 1). */
import { z } from 'zod';
import { selectiveConfigShape } from '@peftbench/selective';

export const repeatD3ConfigSchema = z
  .object({
    ...selectiveConfigShape,
    exp: z.number().default(2).describe('D3 exponent (eq. 1); Table 7a NLU value.'),
    eps: z.number().positive().default(1).describe('D3 smoothing ε (eq. 1); Table 7a value.'),
  })
  .strict();
export type RepeatD3Config = z.infer<typeof repeatD3ConfigSchema>;
