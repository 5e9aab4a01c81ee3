/** Fish config (ID3 paper Table 7a: num_samples 1024, sample_type "label", grad_type "square"). */
import { z } from 'zod';
import { selectiveConfigShape } from '@peftbench/selective';

export const fishConfigSchema = z
  .object({
    ...selectiveConfigShape,
    trainHead: z.literal(true).default(true).describe('Fish always trains the classifier head (Sung et al. 2021).'),
    numSamples: z.number().int().positive().default(1024).describe('Training examples (batch 1) the Fisher importance sums over.'),
    sampleType: z.literal('label').default('label').describe("'label': the loss of the true label (empirical Fisher), as Table 7a."),
    gradType: z.literal('square').default('square').describe("'square': importance = Σ g² over the samples."),
  })
  .strict();
export type FishConfig = z.infer<typeof fishConfigSchema>;
