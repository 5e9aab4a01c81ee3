/**
 * modelShapes(config.json, task): every parameter and backbone Linear of a model, from its config alone.
 * Tied tensors are listed once (as HF's `num_parameters()` counts them).
 */
import type { HfConfig } from '../config.ts';
import type { TaskSpec } from '../../method.ts';
import { InputError } from '@peftbench/util';
import { debertaV2Shapes } from './deberta-v2.ts';
import { encoderShapes } from './encoder.ts';
import { ConfigFields } from './fields.ts';
import { gpt2Shapes } from './gpt2.ts';
import { llamaShapes } from './llama.ts';
import { t5Shapes } from './t5.ts';
import type { ModelShapes } from './types.ts';

export * from './types.ts';

const tables: Record<string, (cfg: HfConfig, f: ConfigFields, task: TaskSpec) => ModelShapes> = {
  bert: encoderShapes,
  roberta: encoderShapes,
  'deberta-v2': debertaV2Shapes,
  gpt2: gpt2Shapes,
  llama: llamaShapes,
  t5: t5Shapes,
};

export const SHAPE_MODEL_TYPES = Object.keys(tables);

export function modelShapes(cfg: HfConfig, task: TaskSpec, file = 'config.json'): ModelShapes {
  const table = tables[cfg.model_type];
  if (!table) throw new InputError(`${file} [model_type]: no parameter table for '${cfg.model_type}' (have: ${SHAPE_MODEL_TYPES.join(', ')})`);
  return table(cfg, new ConfigFields(cfg, file), task);
}
