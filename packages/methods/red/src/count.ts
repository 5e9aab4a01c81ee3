/** RED's trainable parameters from config.json alone: per edited site, one d-vector per edit vector (2·d per layer by default). */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { modelShapes, numel } from '@peftbench/core';
import { trainableCount, trainsHead, type TrainableCount } from '@peftbench/method-full-ft';
import { RED_SITES, redSites, redVectors, type RedConfig } from './config.ts';

export function countRed(hfConfig: HfConfig, cfg: RedConfig, task: TaskSpec, file = 'config.json'): TrainableCount {
  const shapes = modelShapes(hfConfig, task, file);
  const sites = new Set<string>(redSites(cfg).map((s) => RED_SITES[s]));
  let method = 0;
  // T5 has a FFN `wo` in every encoder and decoder block: the paper edits all of them (0.04M for T5-base).
  for (const l of shapes.linears) if (l.site && sites.has(l.site)) method += redVectors(cfg).length * l.outFeatures;
  let head = 0;
  for (const p of shapes.params) if (p.owner === 'head' && trainsHead(task.kind)) head += numel(p.shape);
  return trainableCount(method, head);
}
