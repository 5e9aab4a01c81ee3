/** (IA)3's trainable parameters from config.json alone: `out` per attention target, `in` per feedforward target (+ head). */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { modelShapes, numel } from '@peftbench/core';
import { trainableCount, type TrainableCount } from '@peftbench/method-full-ft';
import { ia3TrainsExtra } from './apply.ts';
import type { Ia3Config } from './config.ts';
import { selectIa3Targets } from './target.ts';

export function countIa3(hfConfig: HfConfig, cfg: Ia3Config, task: TaskSpec, file = 'config.json'): TrainableCount {
  const shapes = modelShapes(hfConfig, task, file);
  let method = 0;
  for (const t of selectIa3Targets(shapes.linears, cfg, shapes.modelType)) method += t.feedforward ? t.inFeatures : t.outFeatures;
  let head = 0;
  for (const p of shapes.params) {
    if (!ia3TrainsExtra(p, cfg, task)) continue;
    if (p.owner === 'head') head += numel(p.shape);
    else method += numel(p.shape);
  }
  return trainableCount(method, head);
}
