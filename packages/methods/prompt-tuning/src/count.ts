/** Prompt tuning's trainable parameters from config.json alone: the prompt P × d (+ the classification head HF PEFT trains). */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { trainableCount, type TrainableCount } from '@peftbench/method-full-ft';
import { configDims, headCount } from '@peftbench/method-prefix-tuning';
import type { PromptTuningConfig } from './config.ts';

export function countPromptTuning(hfConfig: HfConfig, cfg: Pick<PromptTuningConfig, 'numVirtualTokens'>, task: TaskSpec, file = 'config.json'): TrainableCount {
  return trainableCount(cfg.numVirtualTokens * configDims(hfConfig, file).hidden, headCount(hfConfig, task, file));
}
