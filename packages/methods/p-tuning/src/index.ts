/** @peftbench/method-p-tuning: P-tuning v1 (Liu et al. 2021), saved as HF PEFT P_TUNING. */
import type { PeftMethod } from '@peftbench/core';
import { applyPTuning } from './apply.ts';
import { pTuningConfigSchema, type PTuningConfig } from './config.ts';
import { countPTuning } from './count.ts';

export const method: PeftMethod<PTuningConfig> = {
  name: 'p-tuning',
  label: 'P-tuning',
  paperNames: ['P-tuning', 'P-Tuning', 'P-tuning v1'],
  summary: 'P-tuning (v1): P virtual input tokens produced by a prompt encoder (bidirectional LSTM + MLP, or MLP) from trainable embeddings; backbone frozen, classification head trained.',
  configSchema: pTuningConfigSchema,
  apply: applyPTuning,
  countTrainable: (hfConfig, cfg, task) => countPTuning(hfConfig, cfg, task).total,
};

export { applyPTuning, applyPromptEncoder, PTUNING_OWNER, type PromptEncoder } from './apply.ts';
export { countPTuning } from './count.ts';
export { pTuningConfigSchema, type PTuningConfig } from './config.ts';
export { loadPTuningAdapter, pTuningConfigFromAdapter } from './load.ts';
