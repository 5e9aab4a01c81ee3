/**
 * Prefix tuning's trainable parameters from config.json alone. Without the MLP (P-tuning v2, HF's default):
 * the prefix itself, P · 2 · L · d, which is also what is saved and what the papers print. With it (Li & Liang
 * training): E (P · d) + Linear(d → h) + Linear(h → 2·L·d); after training only the P · 2·L·d projected prefix is kept.
 */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { modelShapes, numel } from '@peftbench/core';
import { trainableCount, trainsHead, type TrainableCount } from '@peftbench/method-full-ft';
import { usesProjection, type PrefixTuningConfig } from './config.ts';
import { configDims, isPromptLearningHead } from './prompt-learning.ts';

/** Scalars of the saved prefix (HF `prompt_embeddings`): P × 2·L·d. */
export function savedPrefixSize(hfConfig: HfConfig, numVirtualTokens: number, file = 'config.json'): number {
  const d = configDims(hfConfig, file);
  return numVirtualTokens * 2 * d.layers * d.kvWidth;
}

export function headCount(hfConfig: HfConfig, task: TaskSpec, file = 'config.json'): number {
  if (!trainsHead(task.kind)) return 0;
  let head = 0;
  for (const p of modelShapes(hfConfig, task, file).params) if (p.owner === 'head' && isPromptLearningHead(p.name)) head += numel(p.shape);
  return head;
}

export function countPrefixTuning(hfConfig: HfConfig, cfg: PrefixTuningConfig, task: TaskSpec, file = 'config.json'): TrainableCount {
  const d = configDims(hfConfig, file);
  const width = 2 * d.layers * d.kvWidth;
  let method: number;
  if (usesProjection(cfg)) {
    const h = cfg.encoderHiddenSize ?? d.hidden;
    method = cfg.numVirtualTokens * d.hidden + (d.hidden * h + h) + (h * width + width);
  } else {
    method = cfg.numVirtualTokens * width;
  }
  return trainableCount(method, headCount(hfConfig, task, file));
}
