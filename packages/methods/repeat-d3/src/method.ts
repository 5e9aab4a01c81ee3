import type { PeftMethod } from '@peftbench/core';
import { selectiveCount } from '@peftbench/selective';
import { repeatD3ConfigSchema, type RepeatD3Config } from './config.ts';
import { applyRepeatD3 } from './apply.ts';

export const repeatD3Method: PeftMethod<RepeatD3Config> = {
  name: 'repeat-d3',
  label: 'repeat-D3',
  paperNames: ['repeat-D3'],
  order: 61,
  summary: 'repeat-D3: re-select the D3-top-B scalars every step (the repeat-S baseline of the ID3 paper)',
  configSchema: repeatD3ConfigSchema,
  apply: (model, config, task) => applyRepeatD3(model, config, task),
  // B per step, as the paper's figures label it; the union over training can be larger (see README)
  countTrainable: (hf, config, task) => selectiveCount(hf, config, task),
};
