/** UniPELT's trainable parameters from config.json alone: the sub-modules' own counts + (d + 1) per gate (+ head). */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { countAdapter, VARIANTS } from '@peftbench/method-adapter';
import { modelShapes, numel } from '@peftbench/core';
import { trainableCount, trainsHead, type TrainableCount } from '@peftbench/method-full-ft';
import { countLora } from '@peftbench/method-lora';
import { countPrefixTuning } from '@peftbench/method-prefix-tuning';
import type { UnipeltConfig } from './config.ts';

export function countUnipelt(hfConfig: HfConfig, cfg: UnipeltConfig, task: TaskSpec, file = 'config.json'): TrainableCount & { gates: number } {
  const shapes = modelShapes(hfConfig, task, file);
  const on = new Set(cfg.submodules);
  const layers = new Set(shapes.linears.map((l) => l.layer)).size;
  let method = 0;
  if (on.has('lora')) method += countLora(hfConfig, cfg.lora, { kind: 'bare' }, file).method;
  if (on.has('prefix')) method += countPrefixTuning(hfConfig, cfg.prefix, task, file).method;
  if (on.has('adapter')) method += countAdapter(VARIANTS.pfeiffer, hfConfig, cfg.adapter, task, { file }).method;
  const gates = cfg.gates ? cfg.submodules.length * layers * (shapes.hiddenSize + 1) : 0;
  let head = 0;
  for (const p of shapes.params) if (p.owner === 'head' && trainsHead(task.kind)) head += numel(p.shape);
  return { ...trainableCount(method + gates, head), gates };
}
