/**
 * Pruning at initialisation: rank every projection-matrix entry of every adapter by a score, prune the
 * floor(sparsity · N) lowest (ties: the lower flat index first, tensors in a fixed order), zero them and
 * freeze them through core's update masks (masks apply to the whole AdamW update, weight decay included).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Parameter, PreTrainedModel } from '@peftbench/core';

export function prunedCount(total: number, sparsity: number): number {
  return Math.floor(sparsity * total);
}

/** Keep-masks (1 = kept) for `scores` (one array per tensor, same order as the tensors). */
export function keepMasks(scores: Float32Array[], sparsity: number): Uint8Array[] {
  const total = scores.reduce((s, a) => s + a.length, 0);
  const k = prunedCount(total, sparsity);
  const masks = scores.map((a) => new Uint8Array(a.length).fill(1));
  if (k === 0) return masks;
  const all = new Float32Array(total);
  let o = 0;
  for (const a of scores) (all.set(a, o), (o += a.length));
  const sorted = all.slice().sort();
  const threshold = sorted[k - 1];
  let below = 0;
  for (const v of all) if (v < threshold) below += 1;
  let tiesToPrune = k - below;
  scores.forEach((a, t) => {
    for (let i = 0; i < a.length; i++) {
      if (a[i] < threshold) masks[t][i] = 0;
      else if (a[i] === threshold && tiesToPrune > 0) {
        masks[t][i] = 0;
        tiesToPrune -= 1;
      }
    }
  });
  return masks;
}

/** Zero the pruned entries and fix the masks as update masks. */
export function applyMasks(model: PreTrainedModel, weights: Parameter[], masks: Uint8Array[]): void {
  weights.forEach((p, i) => {
    const mask = tf.tensor(Float32Array.from(masks[i]), p.variable.shape, 'float32');
    const pruned = tf.mul(p.variable, mask);
    p.variable.assign(pruned);
    pruned.dispose();
    model.params.setUpdateMask(p.name, mask); // the registry keeps (and later disposes) the mask
  });
}
