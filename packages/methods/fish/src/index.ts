/**
 * @peftbench/method-fish: Fish mask (Sung et al. 2021), a static mask of the B scalars of highest empirical
 * Fisher information; built on @peftbench/selective.
 */
import type { PeftMethod } from '@peftbench/core';
import { applyFish } from './apply.ts';
import { fishConfigSchema, type FishConfig } from './config.ts';
import { countFish } from './count.ts';

export const method: PeftMethod<FishConfig> = {
  name: 'fish',
  label: 'Fish',
  paperNames: ['Fish'],
  order: 63,
  summary: 'Fish mask: train the B scalars of highest empirical Fisher importance (static; Sung et al. 2021)',
  configSchema: fishConfigSchema,
  apply: applyFish,
  countTrainable: countFish,
};

export { applyFish, fisherImportance } from './apply.ts';
export { fishConfigSchema, type FishConfig } from './config.ts';
export { countFish } from './count.ts';
