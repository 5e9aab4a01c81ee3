/**
 * R-Mask (the ID3 paper's random static-mask baseline, Tables 1 and 4): Fish's selection with uniformly
 * random scores, i.e. a uniformly random set of B entries over all target tensors, fixed at apply time.
 * Scores are drawn with the repo's seeded Rng, target by target in registry order, so the mask depends
 * only on the seed and the model's shapes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@peftbench/util';
import type { PreTrainedModel, TaskSpec } from '@peftbench/core';
import { applySelective, choosePicks, globalTopK, type SelectiveApplied } from '@peftbench/selective';
import type { RandomMaskConfig } from './config.ts';

export function randomScores(shapes: { name: string; shape: number[] }[], seed: number): Map<string, Float32Array> {
  const rng = new Rng(seed);
  return new Map(shapes.map(({ name, shape }) => [name, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next())]));
}

export function applyRandomMask(model: PreTrainedModel, config: RandomMaskConfig, task: TaskSpec): SelectiveApplied {
  return applySelective(model, config, task, {
    name: 'random-mask',
    extraConfig: { selection: 'static', heuristic: 'uniform random', seed: config.seed },
    strategy: {
      atApply(sel) {
        const raw = randomScores(sel.targets.map((p) => ({ name: p.name, shape: p.variable.shape })), config.seed);
        const scores = new Map(sel.targets.map((p) => [p.name, tf.tensor(raw.get(p.name)!, p.variable.shape, 'float32')]));
        try {
          choosePicks(sel.state, globalTopK(scores, Math.min(config.budget, sel.state.poolSize), sel.state));
        } finally {
          scores.forEach((s) => s.dispose());
        }
      },
    },
  });
}
