/**
 * Reading an HF PEFT IA3 adapter_config.json (written by HF PEFT or by us) into an `Ia3Config`, so that an adapter
 * folder from another tool loads: `applyIa3(model, ia3ConfigFromAdapterConfig(json, task, file), task)` then
 * `loadAdapter(dir, applied)`. Errors name the file and the field.
 */
import type { TaskSpec } from '@peftbench/core';
import { peftTaskType } from '@peftbench/method-full-ft';
import { HF_PEFT_VERSIONS } from '@peftbench/method-lora';
import { InputError } from '@peftbench/util';
import { ia3ConfigSchema, type Ia3Config } from './config.ts';


export function ia3ConfigFromAdapterConfig(json: Record<string, unknown>, task: TaskSpec, file = 'adapter_config.json'): Ia3Config {
  if (json.peft_type !== 'IA3') throw new InputError(`${file} [peft_type]: ${JSON.stringify(json.peft_type)} is not an (IA)3 adapter (expected "IA3")`);
  const expectedTask = peftTaskType(task.kind);
  if (json.task_type != null && expectedTask !== null && json.task_type !== expectedTask) {
    throw new InputError(`${file} [task_type]: adapter was saved for ${JSON.stringify(json.task_type)}, this model runs ${expectedTask}`);
  }
  const known = new Set(HF_PEFT_VERSIONS.flatMap((v) => v.classes.IA3.fields));
  for (const [key, value] of Object.entries(json)) {
    if (!known.has(key)) throw new InputError(`${file} [${key}]: not a field of HF PEFT's IA3Config`);
    if (key === 'exclude_modules' && value != null && !(Array.isArray(value) && value.length === 0)) {
      throw new InputError(`${file} [exclude_modules]: not supported here (only null)`);
    }
  }
  // HF PEFT adds classifier / score to modules_to_save for SEQ_CLS and TOKEN_CLS (not written to the file).
  let modules = (json.modules_to_save ?? null) as string[] | null;
  if (task.kind === 'sequence-classification' || task.kind === 'token-classification') modules = [...new Set([...(modules ?? []), 'classifier', 'score'])];
  const raw: Record<string, unknown> = {};
  for (const key of ['target_modules', 'feedforward_modules', 'init_ia3_weights', 'base_model_name_or_path'] as const) if (json[key] != null) raw[key] = json[key];
  if (modules && modules.length) raw.modules_to_save = modules;
  const r = ia3ConfigSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`${file} [${issue.path.join('.') || '(root)'}]: ${issue.message}`);
  }
  return r.data;
}
