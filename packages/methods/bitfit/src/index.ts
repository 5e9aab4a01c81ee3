/** @peftbench/method-bitfit: BitFit (bias-only fine-tuning) and the toolkit's all-1-D variant. */
import type { PeftMethod } from '@peftbench/core';
import { applyBitfit } from './apply.ts';
import { bitfitConfigSchema, type BitfitConfig } from './config.ts';
import { countBitfit } from './count.ts';

export const method: PeftMethod<BitfitConfig> = {
  name: 'bitfit',
  label: 'BitFit',
  paperNames: ['BitFit'],
  order: 20,
  summary: "BitFit: train only the backbone's bias terms (variant 'all-1d': every 1-D tensor) plus the classification head.",
  configSchema: bitfitConfigSchema,
  apply: applyBitfit,
  countTrainable: (hfConfig, cfg, task) => countBitfit(hfConfig, cfg, task).total,
};

export { applyBitfit } from './apply.ts';
export { countBitfit } from './count.ts';
export { bitfitConfigSchema, type BitfitConfig } from './config.ts';
export { bitfitTrains } from './select.ts';
