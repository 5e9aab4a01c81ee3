/** PASTA's trainable parameters from config.json alone: numVectors · d per layer (+ head). */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { modelShapes, numel } from '@peftbench/core';
import { trainableCount, trainsHead, type TrainableCount } from '@peftbench/method-full-ft';
import type { PastaConfig } from './config.ts';

export function countPasta(hfConfig: HfConfig, cfg: PastaConfig, task: TaskSpec, file = 'config.json'): TrainableCount {
  const shapes = modelShapes(hfConfig, task, file);
  // T5: the encoder stack only (num_layers blocks), as apply installs it
  const layers = hfConfig.model_type === 't5' ? Number(hfConfig.num_layers) : new Set(shapes.linears.map((l) => l.layer)).size;
  let head = 0;
  for (const p of shapes.params) if (p.owner === 'head' && trainsHead(task.kind)) head += numel(p.shape);
  return trainableCount(layers * cfg.numVectors * shapes.hiddenSize, head);
}
