/** R-Mask config: the selective options plus the seed of the random scores. */
import { z } from 'zod';
import { selectiveConfigShape } from '@peftbench/selective';

export const randomMaskConfigSchema = z
  .object({
    ...selectiveConfigShape,
    seed: z.number().int().default(0).describe('Seed of the uniform random scores (the mask is a function of it).'),
  })
  .strict();
export type RandomMaskConfig = z.infer<typeof randomMaskConfigSchema>;
