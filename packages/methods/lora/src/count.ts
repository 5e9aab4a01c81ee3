/** LoRA's trainable parameters from config.json alone: r·(in + out) per targeted Linear (+ biases, head). */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { modelShapes, numel } from '@peftbench/core';
import { trainableCount, type TrainableCount } from '@peftbench/method-full-ft';
import { loraTrainsExtra } from './apply.ts';
import type { LoraConfig } from './config.ts';
import { selectTargets } from './target.ts';

export function countLora(hfConfig: HfConfig, cfg: LoraConfig, task: TaskSpec, file = 'config.json'): TrainableCount {
  const shapes = modelShapes(hfConfig, task, file);
  const targeted = new Set(selectTargets(shapes.linears.map((l) => l.name), cfg, shapes.modelType));
  let method = 0;
  for (const l of shapes.linears) if (targeted.has(l.name)) method += cfg.r * (l.inFeatures + l.outFeatures);
  let head = 0;
  for (const p of shapes.params) {
    if (!loraTrainsExtra(p, cfg, task, targeted)) continue;
    if (p.owner === 'head') head += numel(p.shape);
    else method += numel(p.shape);
  }
  return trainableCount(method, head);
}
