import type { PeftMethod } from '@peftbench/core';
import { selectiveCount } from '@peftbench/selective';
import { fishConfigSchema, type FishConfig } from './config.ts';
import { applyFish } from './apply.ts';

export const fishMethod: PeftMethod<FishConfig> = {
  name: 'fish',
  label: 'Fish',
  paperNames: ['Fish'],
  order: 63,
  summary: 'Fish mask: train the B scalars of highest empirical Fisher importance (static; Sung et al. 2021)',
  configSchema: fishConfigSchema,
  apply: (model, config, task) => applyFish(model, config, task),
  countTrainable: (hf, config, task) => selectiveCount(hf, config, task),
};
