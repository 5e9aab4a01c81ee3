/**
 * Rotary position embeddings in Hugging Face's Llama convention (RoFormer eq. 34, "rotate half" layout):
 * inv_freq_i = 1 / θ^(2i/dh), angle = pos · inv_freq, emb = [angle, angle] (dh values),
 * x' = x·cos(emb) + rotate_half(x)·sin(emb), rotate_half([x1, x2]) = [-x2, x1].
 * Angles are computed with float32 rounding at each step, as HF's float32 buffers do.
 */
import * as tf from '@tensorflow/tfjs-core';

const f = Math.fround;

/** HF LlamaRotaryEmbedding.inv_freq for head size dh and base θ. */
export function ropeInvFreq(headDim: number, theta: number): Float32Array {
  const half = headDim / 2;
  const out = new Float32Array(half);
  for (let i = 0; i < half; i++) out[i] = f(1 / f(Math.pow(theta, f(f(2 * i) / headDim))));
  return out;
}

/** cos and sin tables [B, 1, T, dh] for position ids [B][T]. */
export function ropeTables(positions: number[][], headDim: number, theta: number): { cos: tf.Tensor4D; sin: tf.Tensor4D } {
  const inv = ropeInvFreq(headDim, theta);
  const half = headDim / 2;
  const B = positions.length;
  const T = positions[0].length;
  const cos = new Float32Array(B * T * headDim);
  const sin = new Float32Array(B * T * headDim);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const base = (b * T + t) * headDim;
      const pos = f(positions[b][t]);
      for (let i = 0; i < half; i++) {
        const angle = f(pos * inv[i]);
        const c = f(Math.cos(angle));
        const s = f(Math.sin(angle));
        cos[base + i] = cos[base + half + i] = c;
        sin[base + i] = sin[base + half + i] = s;
      }
    }
  }
  return { cos: tf.tensor4d(cos, [B, 1, T, headDim]), sin: tf.tensor4d(sin, [B, 1, T, headDim]) };
}

/** Apply RoPE to head-split x [B, n, T, dh] with tables from ropeTables. */
export function applyRope(x: tf.Tensor, cos: tf.Tensor, sin: tf.Tensor): tf.Tensor {
  const dh = x.shape[3] as number;
  const half = dh / 2;
  const [x1, x2] = tf.split(x, [half, half], 3);
  const rotated = tf.concat([tf.neg(x2), x1], 3);
  return tf.add(tf.mul(x, cos), tf.mul(rotated, sin));
}
