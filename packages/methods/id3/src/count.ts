/**
 * ID3's trainable scalars from config.json alone: the budget B, capped by the pool it is chosen from when
 * config.json tells that pool (the shared selective count; the dense head is not counted, as the paper).
 */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { selectiveCount } from '@peftbench/selective';
import type { Id3Config } from './config.ts';

export function countId3(hf: HfConfig, config: Id3Config, task: TaskSpec): number {
  return selectiveCount(hf, config, task);
}
