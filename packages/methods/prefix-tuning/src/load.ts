/**
 * Load a PREFIX_TUNING adapter folder (written by peftbench or by HF PEFT 0.7.1 / 0.10.0) into a model: the
 * config comes from adapter_config.json (peft_type and the model dimensions checked, errors name the field),
 * the prefix is applied in inference mode (the projected P × 2·L·d prefix, as HF loads it), then every tensor is read.
 */
import { loadAdapter, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import { applyPrefixTuning } from './apply.ts';
import { prefixTuningConfigSchema, type PrefixTuningConfig } from './config.ts';
import { readPromptLearningConfig } from './prompt-learning.ts';

export function prefixConfigFromAdapter(raw: Record<string, unknown>, file: string): PrefixTuningConfig {
  const projection = raw.prefix_projection ?? false;
  if (typeof projection !== 'boolean') throw new InputError(`${file} [prefix_projection]: ${String(projection)}, expected true or false`);
  const h = raw.encoder_hidden_size ?? null;
  if (h !== null && !(Number.isInteger(h) && (h as number) > 0)) throw new InputError(`${file} [encoder_hidden_size]: ${String(h)}, expected a positive integer or null`);
  return prefixTuningConfigSchema.parse({ numVirtualTokens: raw.num_virtual_tokens, prefixProjection: projection, encoderHiddenSize: h, inferenceMode: true });
}

export function loadPrefixTuningAdapter(dir: string, model: PreTrainedModel, task: TaskSpec): { applied: AppliedMethod; config: PrefixTuningConfig } {
  const raw = readPromptLearningConfig(dir, 'PREFIX_TUNING', model);
  const config = prefixConfigFromAdapter(raw, `${dir}/adapter_config.json`);
  const applied = applyPrefixTuning(model, config, task);
  loadAdapter(dir, applied);
  return { applied, config };
}
