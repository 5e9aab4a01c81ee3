/**
 * @peftbench/method-repeat-d3: repeat-D3, the D3-top-B scalars re-chosen every step (repeat-S baseline of
 * the ID3 paper); built on @peftbench/selective.
 */
import type { PeftMethod } from '@peftbench/core';
import { applyRepeatD3 } from './apply.ts';
import { repeatD3ConfigSchema, type RepeatD3Config } from './config.ts';
import { countRepeatD3 } from './count.ts';

export const method: PeftMethod<RepeatD3Config> = {
  name: 'repeat-d3',
  label: 'repeat-D3',
  paperNames: ['repeat-D3'],
  order: 61,
  summary: 'repeat-D3: re-select the D3-top-B scalars every step (the repeat-S baseline of the ID3 paper)',
  configSchema: repeatD3ConfigSchema,
  apply: applyRepeatD3,
  // B per step, as the paper's figures label it; the union over training can be larger (see README)
  countTrainable: countRepeatD3,
};

export { applyRepeatD3, type RepeatD3Applied } from './apply.ts';
export { repeatD3ConfigSchema, type RepeatD3Config } from './config.ts';
export { countRepeatD3 } from './count.ts';
