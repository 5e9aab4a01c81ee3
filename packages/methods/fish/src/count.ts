/**
 * Fish's trainable scalars from config.json alone: the shared selective count (the budget B, capped
 * by the pool when config.json tells it; the dense head is not counted, as the ID3 paper counts).
 */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { selectiveCount } from '@peftbench/selective';
import type { FishConfig } from './config.ts';

export function countFish(hf: HfConfig, config: FishConfig, task: TaskSpec): number {
  return selectiveCount(hf, config, task);
}
