/**
 * repeat-D3's trainable scalars from config.json alone: the shared selective count (the budget B, capped
 * by the pool when config.json tells it; the dense head is not counted, as the ID3 paper counts).
 */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { selectiveCount } from '@peftbench/selective';
import type { RepeatD3Config } from './config.ts';

export function countRepeatD3(hf: HfConfig, config: RepeatD3Config, task: TaskSpec): number {
  return selectiveCount(hf, config, task);
}
