/** @peftbench/method-red: Representation EDiting (RED), h2 = l_scaling ⊙ h1 + l_bias per layer. */
import type { PeftMethod } from '@peftbench/core';
import { applyRed } from './apply.ts';
import { redConfigSchema, type RedConfig } from './config.ts';
import { countRed } from './count.ts';

export const method: PeftMethod<RedConfig> = {
  name: 'red',
  label: 'RED',
  paperNames: ['RED'],
  order: 40,
  summary: 'RED: edit each layer\'s FFN output as l_scaling ⊙ h + l_bias (2·d per layer); backbone frozen, classification head trained.',
  configSchema: redConfigSchema,
  apply: applyRed,
  countTrainable: (hfConfig, cfg, task) => countRed(hfConfig, cfg, task).total,
};

export { applyRed, redParamName } from './apply.ts';
export { countRed } from './count.ts';
export { redConfigSchema, RED_PRESETS, RED_SITES, redSites, redVectors, type RedConfig } from './config.ts';
export { withHeadDropout, effectiveHeadDropout, checkHeadDropout } from './head-dropout.ts';
