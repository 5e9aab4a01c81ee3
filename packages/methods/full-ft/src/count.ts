/** Full fine-tuning's trainable parameters from config.json alone: every tensor, tied ones once (HF's count). */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import type { FullFtConfig } from './config.ts';
import { checkTopLayers, fullFtTrains } from './select.ts';
import { modelShapes, numel } from '@peftbench/core';
import { trainableCount, type TrainableCount } from './trainable-count.ts';

export function countFullFt(hfConfig: HfConfig, cfg: FullFtConfig, task: TaskSpec, file = 'config.json'): TrainableCount {
  const shapes = modelShapes(hfConfig, task, file);
  const numLayers = Math.max(...shapes.linears.map((l) => l.layer)) + 1;
  if (cfg.topLayers !== undefined && shapes.modelType === 't5') {
    throw new InputError(`method 'full-ft' config [topLayers]: not defined for encoder-decoder models (t5)`);
  }
  checkTopLayers(cfg, numLayers, `method 'full-ft' config`);
  let method = 0;
  let head = 0;
  for (const p of shapes.params) {
    if (!fullFtTrains(p.name, p.owner, numLayers, cfg)) continue;
    if (p.owner === 'head') head += numel(p.shape);
    else method += numel(p.shape);
  }
  return trainableCount(method, head);
}
