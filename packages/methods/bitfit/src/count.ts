/** BitFit's trainable parameters from config.json alone. */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { modelShapes, numel } from '@peftbench/core';
import { trainableCount, trainsHead, type TrainableCount } from '@peftbench/method-full-ft';
import type { BitfitConfig } from './config.ts';
import { bitfitTrains } from './select.ts';

export function countBitfit(hfConfig: HfConfig, cfg: BitfitConfig, task: TaskSpec, file = 'config.json'): TrainableCount {
  const shapes = modelShapes(hfConfig, task, file);
  let method = 0;
  let head = 0;
  for (const p of shapes.params) {
    if (p.owner === 'head') head += trainsHead(task.kind) ? numel(p.shape) : 0;
    else if (bitfitTrains(p.name, p.shape, cfg)) method += numel(p.shape);
  }
  return trainableCount(method, head);
}
