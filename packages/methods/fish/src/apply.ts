/**
 * Fish mask (Sung et al. 2021; ID3 paper Table 7a): before training, importance = Σ over `numSamples`
 * training examples at batch size 1 of the squared gradient of the true-label loss (empirical Fisher);
 * the mask is the global top-B over all target tensors, fixed for training; the head always trains.
 * The examples come from the trainer's seeded training order (PrepareContext.batches(1)).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreTrainedModel, PrepareContext, TaskSpec } from '@peftbench/core';
import { applySelective, choosePicks, globalTopK, type SelectiveApplied, type SelectiveContext } from '@peftbench/selective';
import type { FishConfig } from './config.ts';

/** Σ g² over the first `numSamples` batches (caller disposes). Returns the sums and how many were used. */
export function fisherImportance(sel: SelectiveContext, ctx: PrepareContext, numSamples: number): { scores: Map<string, tf.Tensor>; used: number } {
  const names = sel.targets.map((p) => p.name);
  const sums = new Map(sel.targets.map((p) => [p.name, tf.zerosLike(p.variable) as tf.Tensor]));
  let used = 0;
  for (const batch of ctx.batches(1)) {
    if (used >= numSamples) break;
    const grads = ctx.gradients(batch, names);
    for (const [name, g] of grads) {
      const prev = sums.get(name)!;
      sums.set(name, tf.tidy(() => tf.add(prev, tf.square(g))));
      prev.dispose();
      g.dispose();
    }
    used++;
  }
  return { scores: sums, used };
}

export function applyFish(model: PreTrainedModel, config: FishConfig, task: TaskSpec): SelectiveApplied & { samplesUsed: () => number } {
  let samplesUsed = 0;
  const applied = applySelective(model, config, task, {
    name: 'fish',
    extraConfig: { selection: 'static', heuristic: 'empirical Fisher', num_samples: config.numSamples, sample_type: config.sampleType, grad_type: config.gradType },
    strategy: {
      prepare(sel, ctx) {
        const { scores, used } = fisherImportance(sel, ctx, config.numSamples);
        samplesUsed = used;
        try {
          choosePicks(sel.state, globalTopK(scores, Math.min(config.budget, sel.state.poolSize), sel.state));
        } finally {
          scores.forEach((s) => s.dispose());
        }
      },
    },
  });
  return Object.assign(applied, { samplesUsed: () => samplesUsed });
}
