/**
 * Load a PROMPT_TUNING adapter folder (peftbench or HF PEFT 0.7.1 / 0.10.0): peft_type and model dimensions
 * checked (errors name the field), the prompt applied from the file's num_virtual_tokens, every tensor read.
 */
import { loadAdapter, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { readPromptLearningConfig } from '@peftbench/method-prefix-tuning';
import { InputError } from '@peftbench/util';
import { applyPromptTuning } from './apply.ts';
import { promptTuningConfigSchema, type PromptTuningConfig } from './config.ts';

export function promptConfigFromAdapter(raw: Record<string, unknown>, file: string): PromptTuningConfig {
  const init = raw.prompt_tuning_init ?? 'RANDOM';
  if (init !== 'RANDOM' && init !== 'TEXT') throw new InputError(`${file} [prompt_tuning_init]: '${String(init)}', expected RANDOM or TEXT`);
  return promptTuningConfigSchema.parse({
    numVirtualTokens: raw.num_virtual_tokens,
    init: init === 'TEXT' ? 'text' : 'random',
    initText: init === 'TEXT' ? ((raw.prompt_tuning_init_text as string | null) ?? null) : null,
    tokenizerNameOrPath: (raw.tokenizer_name_or_path as string | null) ?? null,
  });
}

export function loadPromptTuningAdapter(dir: string, model: PreTrainedModel, task: TaskSpec): { applied: AppliedMethod; config: PromptTuningConfig } {
  const raw = readPromptLearningConfig(dir, 'PROMPT_TUNING', model);
  const config = promptConfigFromAdapter(raw, `${dir}/adapter_config.json`);
  const applied = applyPromptTuning(model, config, task, { fromFile: true });
  loadAdapter(dir, applied);
  return { applied, config };
}
