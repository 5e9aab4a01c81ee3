/**
 * @peftbench/method-random-mask: R-Mask, a uniformly random static mask of B scalars (baseline of the ID3
 * paper); built on @peftbench/selective.
 */
import type { PeftMethod } from '@peftbench/core';
import { applyRandomMask } from './apply.ts';
import { randomMaskConfigSchema, type RandomMaskConfig } from './config.ts';
import { countRandomMask } from './count.ts';

export const method: PeftMethod<RandomMaskConfig> = {
  name: 'random-mask',
  label: 'R-Mask',
  paperNames: ['R-Mask'],
  order: 64,
  summary: 'R-Mask: train a uniformly random static set of B scalars (baseline of the ID3 paper)',
  configSchema: randomMaskConfigSchema,
  apply: applyRandomMask,
  countTrainable: countRandomMask,
};

export { applyRandomMask, randomScores } from './apply.ts';
export { randomMaskConfigSchema, type RandomMaskConfig } from './config.ts';
export { countRandomMask } from './count.ts';
