/**
 * @peftbench/method-id3: ID3 (Agarwal et al. 2024), incremental D3 unmasking up to a budget B; built on
 * @peftbench/selective.
 */
import type { PeftMethod } from '@peftbench/core';
import { applyId3 } from './apply.ts';
import { id3ConfigSchema, type Id3Config } from './config.ts';
import { countId3 } from './count.ts';

export const method: PeftMethod<Id3Config> = {
  name: 'id3',
  label: 'ID3',
  paperNames: ['ID3'],
  order: 60,
  summary: 'ID3: incremental unmasking of the D3-most-important scalars, B/T per step, up to a budget B (Agarwal et al. 2024)',
  configSchema: id3ConfigSchema,
  apply: applyId3,
  countTrainable: countId3,
};

export { applyId3 } from './apply.ts';
export { uniformUnmaskCount } from './schedule.ts';
export { id3ConfigSchema, type Id3Config } from './config.ts';
export { countId3 } from './count.ts';
