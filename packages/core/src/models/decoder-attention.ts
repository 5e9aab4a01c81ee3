/**
 * Causal self-attention pieces shared by GPT-2 and Llama: the additive causal + padding mask, head
 * split/merge, and grouped-query attention over head-split tensors (so RoPE and the KV cache can work
 * on [B, H, T, dh] before the product).
 *
 * Why not PreTrainedModel.attend: it takes flat [B, S, D] keys and splits heads itself, which leaves no
 * place for rotary embeddings or a cache of already-split keys. The hook semantics (prefix keys always
 * visible and first, bias hooks on [B, H, T, S] raw scores) are the same as there.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NEG_INF } from './base.ts';
import { matMulFast } from '../backend/matmul-fast.ts';

/**
 * Additive mask [B, 1, T, S] for T new queries after `past` cached positions (S = past + T): query t sees
 * key j iff j <= past + t and keyMask[b][j] = 1. Built as a constant (no bandPart: it has no gradient).
 * A query row with no visible key (a left pad) gets a uniform softmax over the hidden keys; its output is
 * never used (HF's value there is implementation-defined too).
 */
export function causalMask(keyMask: number[][], past: number, T: number): tf.Tensor4D {
  const B = keyMask.length;
  const S = past + T;
  const data = new Float32Array(B * T * S);
  for (let b = 0; b < B; b++) {
    const km = keyMask[b];
    for (let t = 0; t < T; t++) {
      const base = (b * T + t) * S;
      const last = past + t;
      for (let j = 0; j < S; j++) if (j > last || !km[j]) data[base + j] = NEG_INF;
    }
  }
  return tf.tensor4d(data, [B, 1, T, S]);
}

/** [B, T, n·dh] → [B, n, T, dh] */
export function splitHeads(x: tf.Tensor, n: number): tf.Tensor {
  const [B, T, D] = x.shape;
  return tf.transpose(tf.reshape(x, [B, T, n, D / n]), [0, 2, 1, 3]);
}

/** [B, n, T, dh] → [B, T, n·dh] */
export function mergeHeads(x: tf.Tensor): tf.Tensor {
  const [B, n, T, dh] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [B, T, n * dh]);
}

export interface GroupedAttentionArgs {
  /** [B, H, T, dh] */
  q: tf.Tensor;
  /** [B, Hkv, S, dh] (prefix + cache + new) */
  k: tf.Tensor;
  v: tf.Tensor;
  /** Additive [B or 1, 1, T, S]. */
  mask: tf.Tensor;
  /** Multiplies the raw scores (1/√dh, GPT-2's optional 1/(layer+1) folded in). */
  scale: number;
  /** Extra additive [.., H or 1, T, S] terms (attention-bias hooks), added after the mask. */
  biases: tf.Tensor[];
  /** Attention-probability dropout (identity when not training). */
  dropout: (probs: tf.Tensor) => tf.Tensor;
}

/**
 * softmax(q kᵀ · scale + mask + biases) v, with grouped-query attention: query head h reads kv head
 * ⌊h / (H/Hkv)⌋ (HF repeat_kv). Instead of tiling k/v, the rep query heads that share a kv head are
 * stacked along the query axis, so one product per kv head serves them all. Returns [B, T, H·dh].
 */
export function groupedAttention(a: GroupedAttentionArgs): tf.Tensor {
  const [B, H, T, dh] = a.q.shape as number[];
  const Hkv = a.k.shape[1] as number;
  const S = a.k.shape[2] as number;
  const rep = H / Hkv;
  const qg = rep === 1 ? a.q : tf.reshape(a.q, [B, Hkv, rep * T, dh]);
  let scores = tf.reshape(attentionMatMul(qg, a.k, true), [B, H, T, S]);
  scores = tf.add(tf.mul(scores, a.scale), a.mask);
  for (const bias of a.biases) scores = tf.add(scores, bias);
  const probs = a.dropout(tf.softmax(scores, -1));
  const pg = rep === 1 ? probs : tf.reshape(probs, [B, Hkv, rep * T, S]);
  const ctx = tf.reshape(attentionMatMul(pg, a.v, false), [B, H, T, dh]);
  return mergeHeads(ctx);
}

/**
 * Batched attention product. On wasm only 2-D products are fast, so matMulFast splits a batch into per-
 * matrix products; for a decoding step (one query row per head) each product is tiny and the per-op
 * overhead of the split dominates, so the plain batched kernel is used there.
 */
function attentionMatMul(a: tf.Tensor, b: tf.Tensor, transposeB: boolean): tf.Tensor {
  const [M, K] = a.shape.slice(-2) as number[];
  const N = (transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1]) as number;
  return M * K * N < 65536 ? tf.matMul(a, b, false, transposeB) : matMulFast(a, b, false, transposeB);
}
