import type { PeftMethod } from '@peftbench/core';
import { selectiveCount } from '@peftbench/selective';
import { pafiConfigSchema, type PafiConfig } from './config.ts';
import { applyPafi } from './apply.ts';

export const pafiMethod: PeftMethod<PafiConfig> = {
  name: 'pafi',
  label: 'PaFi',
  paperNames: ['PaFi'],
  order: 62,
  summary: 'PaFi: train only the B smallest-magnitude scalars (static mask; Liao et al. 2023)',
  configSchema: pafiConfigSchema,
  apply: (model, config, task) => applyPafi(model, config, task),
  countTrainable: (hf, config, task) => selectiveCount(hf, config, task),
};
