/** @peftbench/method-pasta: PASTA, trainable shifts of the special tokens' hidden states before every layer. */
import type { PeftMethod } from '@peftbench/core';
import { applyPasta } from './apply.ts';
import { pastaConfigSchema, type PastaConfig } from './config.ts';
import { countPasta } from './count.ts';

export const method: PeftMethod<PastaConfig> = {
  name: 'pasta',
  label: 'PASTA',
  paperNames: ['PASTA'],
  summary: 'PASTA: a trainable vector (init 0) added to the hidden state of each special token before every layer (numVectors·d per layer); backbone frozen, head trained.',
  configSchema: pastaConfigSchema,
  apply: applyPasta,
  countTrainable: (hfConfig, cfg, task) => countPasta(hfConfig, cfg, task).total,
};

export { applyPasta, pastaParamName, specialSlots, specialTokenIds } from './apply.ts';
export { countPasta } from './count.ts';
export { pastaConfigSchema, type PastaConfig } from './config.ts';
