/** @peftbench/method-prefix-tuning: prefix tuning (Li & Liang 2021) and P-tuning v2, saved as HF PEFT PREFIX_TUNING. */
import type { PeftMethod } from '@peftbench/core';
import { applyPrefixTuning } from './apply.ts';
import { prefixTuningConfigSchema, type PrefixTuningConfig } from './config.ts';
import { countPrefixTuning } from './count.ts';

export const method: PeftMethod<PrefixTuningConfig> = {
  name: 'prefix-tuning',
  label: 'Prefix Tuning',
  paperNames: ['Prefix Tuning', 'PrefixTuning', 'Prefix-Tuning', 'Prefix', 'P-tuning v2'],
  summary:
    'Prefix tuning: trainable key/value prefixes at every layer (P × 2·L·d), reparameterised by an MLP during training (Li & Liang) or trained directly (P-tuning v2); backbone frozen, classification head trained.',
  configSchema: prefixTuningConfigSchema,
  apply: applyPrefixTuning,
  countTrainable: (hfConfig, cfg, task) => countPrefixTuning(hfConfig, cfg, task).total,
  // RED Table 11 (its prefix-tuning runs on E2E): beam 10, length penalty 0.9, no-repeat 4
  familyDefaults: { e2e: { numBeams: 10, lengthPenalty: 0.9, noRepeatNgramSize: 4 } },
};

export { applyPrefix, applyPrefixTuning, PREFIX_OWNER, PROMPT_EMBEDDINGS_KEY, type PrefixModule, type PrefixKeyValue, type ApplyPrefixOptions } from './apply.ts';
export { countPrefixTuning, savedPrefixSize, headCount } from './count.ts';
export { prefixTuningConfigSchema, PREFIX_TUNING_PRESETS, usesProjection, type PrefixTuningConfig } from './config.ts';
export { loadPrefixTuningAdapter, prefixConfigFromAdapter } from './load.ts';
export * from './prompt-learning.ts';
