/**
 * @peftbench/method-pafi: PaFi (Liao et al. 2023), a static mask of the B smallest-magnitude scalars; built
 * on @peftbench/selective.
 */
import type { PeftMethod } from '@peftbench/core';
import { applyPafi } from './apply.ts';
import { pafiConfigSchema, type PafiConfig } from './config.ts';
import { countPafi } from './count.ts';

export const method: PeftMethod<PafiConfig> = {
  name: 'pafi',
  label: 'PaFi',
  paperNames: ['PaFi'],
  order: 62,
  summary: 'PaFi: train only the B smallest-magnitude scalars (static mask; Liao et al. 2023)',
  configSchema: pafiConfigSchema,
  apply: applyPafi,
  countTrainable: countPafi,
};

export { applyPafi } from './apply.ts';
export { pafiConfigSchema, type PafiConfig } from './config.ts';
export { countPafi } from './count.ts';
