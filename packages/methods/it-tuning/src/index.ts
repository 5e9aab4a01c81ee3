/**
 * @peftbench/method-it-tuning: IT-Tuning (Kim & Kim 2024), per-layer query scale, attention shift and
 * layer-output scale, shared + per-information-token vectors.
 */
import type { PeftMethod } from '@peftbench/core';
import { itTuningConfigSchema, type ItTuningConfig } from './config.ts';
import { applyItTuning } from './apply.ts';
import { itTuningCount } from './count.ts';
import { resolveItTuningConfig } from './resolve-config.ts';

export const method: PeftMethod<ItTuningConfig> = {
  name: 'it-tuning',
  label: 'IT-Tuning',
  paperNames: ['IT-Tuning'],
  order: 50,
  summary: 'IT-Tuning: per-layer query scale, attention shift and layer-output scale, shared + per-information-token vectors (Kim & Kim 2024)',
  configSchema: itTuningConfigSchema,
  apply: (model, config, task) => applyItTuning(model, config, task),
  countTrainable: (hf, config) => itTuningCount(hf, config),
  resolveConfig: resolveItTuningConfig,
  // IT-Tuning Table 4: beam 10, no_repeat_ngram 5, length penalty 1.2, 64 new tokens; the MR linearised as a table
  familyDefaults: { e2e: { numBeams: 10, noRepeatNgramSize: 5, lengthPenalty: 1.2, maxNewTokens: 64, mrFormat: 'table' } },
};

export * from './config.ts';
export * from './positions.ts';
export * from './edits.ts';
export * from './insert.ts';
export * from './attention-rule.ts';
export * from './dims.ts';
export * from './count.ts';
export * from './apply.ts';
export * from './adapter-config.ts';
export * from './resolve-config.ts';
