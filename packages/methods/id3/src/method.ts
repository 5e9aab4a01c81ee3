/** ID3 as a registered PEFT method. */
import type { PeftMethod } from '@peftbench/core';
import { id3ConfigSchema, type Id3Config } from './config.ts';
import { applyId3 } from './apply.ts';
import { countId3 } from './count.ts';

export const id3Method: PeftMethod<Id3Config> = {
  name: 'id3',
  label: 'ID3',
  paperNames: ['ID3'],
  order: 60,
  summary: 'ID3: incremental unmasking of the D3-most-important scalars, B/T per step, up to a budget B (Agarwal et al. 2024)',
  configSchema: id3ConfigSchema,
  apply: (model, config, task) => applyId3(model, config, task),
  countTrainable: countId3,
};
