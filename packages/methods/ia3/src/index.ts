/** @peftbench/method-ia3: (IA)3 with HF PEFT semantics (IA3Config fields, target matching, `ia3_l` tensors, merge). */
import type { PeftMethod } from '@peftbench/core';
import { applyIa3 } from './apply.ts';
import { ia3ConfigSchema, type Ia3Config } from './config.ts';
import { countIa3 } from './count.ts';

export const method: PeftMethod<Ia3Config> = {
  name: 'ia3',
  label: '(IA)3',
  paperNames: ['(IA)3', '(IA)³', 'IA3'],
  summary: '(IA)3: learned vectors scale the keys, values (output of k/v projections) and FFN intermediate activations (input of the down-projection); init 1, mergeable; backbone frozen, head trained.',
  configSchema: ia3ConfigSchema,
  apply: applyIa3,
  countTrainable: (hfConfig, cfg, task) => countIa3(hfConfig, cfg, task).total,
};

export { applyIa3, applyIa3Vectors, ia3ParamName, ia3TrainsExtra, type Ia3Module } from './apply.ts';
export { countIa3 } from './count.ts';
export { ia3ConfigSchema, IA3_DEFAULTS, type Ia3Config } from './config.ts';
export { ia3ConfigFromAdapterConfig } from './hf-config.ts';
export { selectIa3Targets, resolvedModules, savedByModules, type Ia3Target } from './target.ts';
