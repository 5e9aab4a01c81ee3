/**
 * The D3 importance heuristic (ID3 paper eq. 1): H(θ) = |∇θ| / (|θ| + ε)^exp. Shared: ID3 (incremental)
 * and repeat-D3 (re-selected every step) rank entries by it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { StepContext } from '@peftbench/core';
import type { SelectiveContext } from './selective.ts';

export function d3Score(theta: tf.Tensor, grad: tf.Tensor, eps: number, exp: number): tf.Tensor {
  return tf.tidy(() => {
    const g = tf.abs(grad);
    if (exp === 0) return g;
    return tf.div(g, tf.pow(tf.add(tf.abs(theta), eps), exp));
  });
}

/** D3 scores of every target tensor that has a gradient this step (caller disposes). */
export function d3Scores(sel: SelectiveContext, ctx: StepContext, eps: number, exp: number): Map<string, tf.Tensor> {
  const scores = new Map<string, tf.Tensor>();
  for (const p of sel.targets) {
    const g = ctx.grads.get(p.name);
    if (g) scores.set(p.name, d3Score(p.variable, g, eps, exp));
  }
  return scores;
}
