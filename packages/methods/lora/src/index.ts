/** @peftbench/method-lora: LoRA with HF PEFT semantics (config fields, target matching, init, file layout). */
import type { PeftMethod } from '@peftbench/core';
import { applyLoraMethod } from './apply.ts';
import { loraConfigSchema, type LoraConfig } from './config.ts';
import { countLora } from './count.ts';

export const method: PeftMethod<LoraConfig> = {
  name: 'lora',
  label: 'LoRA',
  paperNames: ['LoRA'],
  order: 30,
  summary: 'LoRA: y = W x + (α/r) B A x on the targeted Linears (HF PEFT semantics); backbone frozen, head trained.',
  configSchema: loraConfigSchema,
  apply: applyLoraMethod,
  countTrainable: (hfConfig, cfg, task) => countLora(hfConfig, cfg, task).total,
};

export { applyLoraMethod, trainsBias, loraTrainsExtra } from './apply.ts';
export { loraConfigFromAdapterConfig } from './hf-config.ts';
export { applyLora, type LoraModule, type LoraLayer, type ApplyLoraOptions } from './lora-module.ts';
export { countLora } from './count.ts';
export { loraConfigSchema, loraScaling, DEFAULT_TARGET_MODULES, type LoraConfig } from './config.ts';
export { moduleMatcher, hfNameMatcher, selectTargets, targetModulesFor, hfLayerIndex } from './target.ts';
export { loraAdapterConfig } from './adapter-config.ts';
export {
  HF_PEFT_VERSIONS, OLDEST_SUPPORTED_HF_PEFT, portableHfPeftFields, hfPeftConfigProblems, checkHfPeftConfig, portableHfPeftConfig, hfModulesToSave, savedByModules,
  type HfPeftType, type HfPeftClassFields, type HfPeftVersionFields, type HfPeftProblem,
} from './hf-peft-fields.ts';
