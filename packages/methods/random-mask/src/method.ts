import type { PeftMethod } from '@peftbench/core';
import { selectiveCount } from '@peftbench/selective';
import { randomMaskConfigSchema, type RandomMaskConfig } from './config.ts';
import { applyRandomMask } from './apply.ts';

export const randomMaskMethod: PeftMethod<RandomMaskConfig> = {
  name: 'random-mask',
  label: 'R-Mask',
  paperNames: ['R-Mask'],
  order: 64,
  summary: 'R-Mask: train a uniformly random static set of B scalars (baseline of the ID3 paper)',
  configSchema: randomMaskConfigSchema,
  apply: (model, config, task) => applyRandomMask(model, config, task),
  countTrainable: (hf, config, task) => selectiveCount(hf, config, task),
};
