/**
 * Reading an HF PEFT LORA adapter_config.json (written by HF PEFT or by us) into a `LoraConfig`, so that an adapter
 * folder from another tool loads: `applyLoraMethod(model, loraConfigFromAdapterConfig(json, task, file), task)`, then
 * `loadAdapter(dir, applied)`. Options peftbench does not implement are refused by name when not at their default.
 */
import type { TaskSpec } from '@peftbench/core';
import { peftTaskType } from '@peftbench/method-full-ft';
import { InputError } from '@peftbench/util';
import { loraConfigSchema, type LoraConfig } from './config.ts';
import { HF_PEFT_VERSIONS } from './hf-peft-fields.ts';

const isDefault = (v: unknown) => v == null || v === false || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0);

export function loraConfigFromAdapterConfig(json: Record<string, unknown>, task: TaskSpec, file = 'adapter_config.json'): LoraConfig {
  if (json.peft_type !== 'LORA') throw new InputError(`${file} [peft_type]: ${JSON.stringify(json.peft_type)} is not a LoRA adapter (expected "LORA")`);
  const expectedTask = peftTaskType(task.kind);
  if (json.task_type != null && expectedTask !== null && json.task_type !== expectedTask) {
    throw new InputError(`${file} [task_type]: adapter was saved for ${JSON.stringify(json.task_type)}, this model runs ${expectedTask}`);
  }
  const known = new Set(HF_PEFT_VERSIONS.flatMap((v) => v.classes.LORA.fields));
  for (const [key, value] of Object.entries(json)) {
    if (!known.has(key)) throw new InputError(`${file} [${key}]: not a field of HF PEFT's LoraConfig`);
    const unsupported = ['use_dora', 'rank_pattern', 'alpha_pattern', 'layers_pattern', 'layer_replication', 'megatron_config', 'exclude_modules', 'trainable_token_indices', 'eva_config', 'corda_config', 'use_qalora', 'lora_bias'];
    if (unsupported.includes(key) && !isDefault(value)) throw new InputError(`${file} [${key}]: ${JSON.stringify(value)} is not supported here (only the default)`);
  }
  let modules = (json.modules_to_save ?? null) as string[] | null;
  // HF PEFT adds classifier / score to modules_to_save for SEQ_CLS and TOKEN_CLS (not written to the file).
  if (task.kind === 'sequence-classification' || task.kind === 'token-classification') modules = [...new Set([...(modules ?? []), 'classifier', 'score'])];
  const raw: Record<string, unknown> = {};
  for (const key of ['r', 'lora_alpha', 'lora_dropout', 'target_modules', 'bias', 'use_rslora', 'base_model_name_or_path'] as const) if (json[key] != null) raw[key] = json[key];
  if (json.layers_to_transform != null) raw.layers_to_transform = typeof json.layers_to_transform === 'number' ? [json.layers_to_transform] : json.layers_to_transform;
  // Any init scheme: the tensors come from the file anyway.
  raw.init_lora_weights = json.init_lora_weights !== false;
  if (modules && modules.length) raw.modules_to_save = modules;
  const r = loraConfigSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`${file} [${issue.path.join('.') || '(root)'}]: ${issue.message}`);
  }
  return r.data;
}
