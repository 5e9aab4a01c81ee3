/**
 * Dropout masks from a counter-based hash (issue 20). tf.dropout draws its uniforms one at a time from
 * seedrandom's alea generator in JS (~15 ms per million on this machine) and then runs add, floor, mul and
 * div kernels; a BERT-base-shaped training step draws ~9 million (attention probabilities and three hidden
 * dropouts per layer), ~0.1 s of a 2.5 s step that no kernel profile shows. Here element i of a mask
 * seeded with s is kept when hash(s, i) / 2³² ≥ rate, with a 32-bit integer hash (two multiplies, Wellons'
 * lowbias32), written straight into a Float32Array of 0 and 1/(1 − rate): one pass, then one multiply.
 *
 * Same seed, same mask, on every backend (the mask is built in JS and uploaded). Not the masks tf.dropout
 * would draw for the same seed: runs trained before issue 20 with dropout on follow other (equally random)
 * masks; reruns are bit-identical as before.
 */
import * as tf from '@tensorflow/tfjs-core';

function lowbias32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Mask values: 0 (dropped) or 1/(1 − rate) (kept), for `size` elements from `seed`. */
export function dropoutMaskValues(size: number, rate: number, seed: number): Float32Array {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout rate ${rate} is not in [0, 1)`);
  const out = new Float32Array(size);
  const scale = 1 / (1 - rate);
  const threshold = rate * 2 ** 32; // keep when the hash is ≥ rate·2³²
  const s = lowbias32(seed >>> 0);
  for (let i = 0; i < size; i++) {
    if (lowbias32((Math.imul(i, 0x9e3779b9) ^ s) >>> 0) >= threshold) out[i] = scale;
  }
  return out;
}

/** x ⊙ mask (inverted dropout: kept entries scaled by 1/(1 − rate)). */
export function seededDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  const mask = tf.tensor(dropoutMaskValues(x.size, rate, seed), x.shape, 'float32');
  return tf.mul(x, mask);
}
