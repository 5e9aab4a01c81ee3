/**
 * P-tuning's trainable parameters from config.json alone (HF PEFT PromptEncoder shapes): E (P × d) plus
 * LSTM: per layer and direction 4h·in + 4h·h + 2·4h (in = d for layer 0, 2h above), then Linear(2h, 2h) + Linear(2h, d);
 * MLP: Linear(d, h) + Linear(h, h) + Linear(h, d). After training only the output P × d is kept (what is saved).
 */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { trainableCount, type TrainableCount } from '@peftbench/method-full-ft';
import { configDims, headCount } from '@peftbench/method-prefix-tuning';
import type { PTuningConfig } from './config.ts';

export function countPTuning(hfConfig: HfConfig, cfg: PTuningConfig, task: TaskSpec, file = 'config.json'): TrainableCount {
  const D = configDims(hfConfig, file).hidden;
  const h = cfg.encoderHiddenSize ?? D;
  const P = cfg.numVirtualTokens;
  const linear = (i: number, o: number) => i * o + o;
  let method = P * D;
  if (cfg.inferenceMode) return trainableCount(method, headCount(hfConfig, task, file));
  if (cfg.encoderReparameterizationType === 'MLP') {
    method += linear(D, h) + linear(h, h) + linear(h, D);
  } else {
    for (let l = 0; l < cfg.encoderNumLayers; l++) method += 2 * (4 * h * (l === 0 ? D : 2 * h) + 4 * h * h + 8 * h);
    method += linear(2 * h, 2 * h) + linear(2 * h, D);
  }
  return trainableCount(method, headCount(hfConfig, task, file));
}
