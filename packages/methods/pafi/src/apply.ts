/**
 * PaFi (Liao et al. 2023, as the ID3 paper's toolkit implements it): a static mask of the B entries with
 * the smallest |θ| across all target tensors, fixed at apply time (no data needed).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreTrainedModel, TaskSpec } from '@peftbench/core';
import { applySelective, choosePicks, globalTopK, type SelectiveApplied } from '@peftbench/selective';
import type { PafiConfig } from './config.ts';

export function applyPafi(model: PreTrainedModel, config: PafiConfig, task: TaskSpec): SelectiveApplied {
  return applySelective(model, config, task, {
    name: 'pafi',
    extraConfig: { selection: 'static', heuristic: 'smallest |theta|' },
    strategy: {
      atApply(sel) {
        // smallest magnitude first = largest −|θ|
        const scores = new Map(sel.targets.map((p) => [p.name, tf.neg(tf.abs(p.variable))]));
        try {
          choosePicks(sel.state, globalTopK(scores, Math.min(config.budget, sel.state.poolSize), sel.state));
        } finally {
          scores.forEach((s) => s.dispose());
        }
      },
    },
  });
}
