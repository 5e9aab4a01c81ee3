import type { PeftMethod } from '@peftbench/core';
import { itTuningConfigSchema, type ItTuningConfig } from './config.ts';
import { applyItTuning } from './apply.ts';
import { itTuningCount } from './count.ts';

export const itTuningMethod: PeftMethod<ItTuningConfig> = {
  name: 'it-tuning',
  summary: 'IT-Tuning: per-layer query scale, attention shift and layer-output scale, shared + per-information-token vectors (Kim & Kim 2024)',
  configSchema: itTuningConfigSchema,
  apply: (model, config, task) => applyItTuning(model, config, task),
  countTrainable: (hf, config) => itTuningCount(hf, config),
};
