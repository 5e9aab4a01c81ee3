/**
 * Global top-k over the scores of several tensors, skipping entries already chosen (ID3 eq. 2: choose
 * the u_t not-yet-chosen scalars of highest importance over ALL selected tensors). Exact: the global
 * top-k is contained in the union of each tensor's own top-k, so each tensor contributes its top-k
 * candidates (tf.topk) and the candidates are merged on the CPU. Ties break by tensor order, then index.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SelectionState } from './selection.ts';

export interface Pick {
  name: string;
  index: number;
  score: number;
}

/** `scores`: per tensor name, a tensor shaped like the parameter (NaN counts as never-choose). */
export function globalTopK(scores: Map<string, tf.Tensor>, k: number, state: SelectionState): Pick[] {
  if (k <= 0) return [];
  const candidates: (Pick & { order: number })[] = [];
  let order = 0;
  for (const [name, score] of scores) {
    const free = score.size - state.countIn(name);
    const kk = Math.min(k, free);
    if (kk > 0) {
      const { values, indices } = tf.tidy(() => {
        let flat = score.reshape([-1]);
        flat = tf.where(tf.isNaN(flat), tf.fill(flat.shape, -Infinity), flat);
        if (state.countIn(name) > 0) {
          const chosen = tf.tensor1d(state.mask(name), 'bool');
          flat = tf.where(chosen, tf.fill(flat.shape, -Infinity), flat);
        }
        const top = tf.topk(flat, kk, true);
        return { values: top.values.dataSync() as Float32Array, indices: top.indices.dataSync() as Int32Array };
      });
      for (let i = 0; i < kk; i++) if (values[i] !== -Infinity) candidates.push({ name, index: indices[i], score: values[i], order });
    }
    order++;
  }
  candidates.sort((a, b) => b.score - a.score || a.order - b.order || a.index - b.index);
  return candidates.slice(0, k).map(({ name, index, score }) => ({ name, index, score }));
}

/** Add picks to the selection, grouped by tensor. */
export function choosePicks(state: SelectionState, picks: Pick[]): number {
  const byName = new Map<string, number[]>();
  for (const p of picks) (byName.get(p.name) ?? byName.set(p.name, []).get(p.name)!).push(p.index);
  let added = 0;
  for (const [name, idx] of byName) added += state.choose(name, idx);
  return added;
}
