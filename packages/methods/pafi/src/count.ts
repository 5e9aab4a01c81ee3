/**
 * PaFi's trainable scalars from config.json alone: the shared selective count (the budget B, capped
 * by the pool when config.json tells it; the dense head is not counted, as the ID3 paper counts).
 */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { selectiveCount } from '@peftbench/selective';
import type { PafiConfig } from './config.ts';

export function countPafi(hf: HfConfig, config: PafiConfig, task: TaskSpec): number {
  return selectiveCount(hf, config, task);
}
