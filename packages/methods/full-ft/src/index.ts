/**
 * @peftbench/method-full-ft: full fine-tuning (and FT^top2). Also exports the pieces the other method
 * packages count with: layer names, PEFT task types, the trainable-count record (the parameter tables
 * from config.json alone are core's `modelShapes`).
 */
import type { PeftMethod } from '@peftbench/core';
import { applyFullFt } from './apply.ts';
import { fullFtConfigSchema, type FullFtConfig } from './config.ts';
import { countFullFt } from './count.ts';

export const method: PeftMethod<FullFtConfig> = {
  name: 'full-ft',
  label: 'FT',
  paperNames: ['FT', 'Full-FT', 'FT^top2', 'FT_top2'],
  order: 10,
  summary: 'Full fine-tuning: every parameter trains (option topLayers: only the top k layers + head, FT^top2).',
  configSchema: fullFtConfigSchema,
  apply: applyFullFt,
  countTrainable: (hfConfig, cfg, task) => countFullFt(hfConfig, cfg, task).total,
};

export { applyFullFt } from './apply.ts';
export { countFullFt } from './count.ts';
export { fullFtConfigSchema, FULL_FT_PRESETS, type FullFtConfig } from './config.ts';
export { fullFtTrains } from './select.ts';
export { layerIndexOf, isFinalNorm } from './layer-names.ts';
export { peftTaskType, trainsHead } from './task-type.ts';
export { trainableCount, type TrainableCount } from './trainable-count.ts';
// Deprecated re-exports, kept for one release so nothing importing them from here breaks: the shape tables
// moved to @peftbench/core (packages/core/src/models/shapes), next to the models they mirror. Import them
// from '@peftbench/core'.
export { modelShapes, numel, SHAPE_MODEL_TYPES, readConfigForCounting, type ModelShapes, type ParamShape, type LinearShape } from '@peftbench/core';
