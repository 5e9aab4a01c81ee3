/**
 * Load a P_TUNING adapter folder (peftbench or HF PEFT 0.7.1 / 0.10.0): peft_type and model dimensions checked
 * (errors name the field); the saved encoder output [P, d] is used as is (HF's inference mode).
 */
import { loadAdapter, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { readPromptLearningConfig } from '@peftbench/method-prefix-tuning';
import { InputError } from '@peftbench/util';
import { applyPTuning } from './apply.ts';
import { pTuningConfigSchema, type PTuningConfig } from './config.ts';

export function pTuningConfigFromAdapter(raw: Record<string, unknown>, file: string): PTuningConfig {
  const type = raw.encoder_reparameterization_type ?? 'MLP';
  if (type !== 'MLP' && type !== 'LSTM') throw new InputError(`${file} [encoder_reparameterization_type]: '${String(type)}', expected MLP or LSTM`);
  const field = (k: string, ok: (x: unknown) => boolean, what: string) => {
    if (raw[k] !== undefined && raw[k] !== null && !ok(raw[k])) throw new InputError(`${file} [${k}]: ${String(raw[k])}, expected ${what}`);
    return raw[k] ?? undefined;
  };
  return pTuningConfigSchema.parse({
    numVirtualTokens: raw.num_virtual_tokens,
    encoderReparameterizationType: type,
    encoderHiddenSize: field('encoder_hidden_size', (x) => Number.isInteger(x) && (x as number) > 0, 'a positive integer') ?? null,
    encoderNumLayers: field('encoder_num_layers', (x) => Number.isInteger(x) && (x as number) > 0, 'a positive integer'),
    encoderDropout: field('encoder_dropout', (x) => typeof x === 'number' && x >= 0 && x < 1, 'a number in [0, 1)'),
    inferenceMode: true,
  });
}

export function loadPTuningAdapter(dir: string, model: PreTrainedModel, task: TaskSpec): { applied: AppliedMethod; config: PTuningConfig } {
  const raw = readPromptLearningConfig(dir, 'P_TUNING', model);
  const config = pTuningConfigFromAdapter(raw, `${dir}/adapter_config.json`);
  const applied = applyPTuning(model, config, task);
  loadAdapter(dir, applied);
  return { applied, config };
}
