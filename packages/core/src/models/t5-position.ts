/**
 * T5's relative position buckets (Raffel et al. 2020, sec. 2.1; HF `T5Attention._relative_position_bucket`):
 * a key at relative distance r = key_pos - query_pos reads row bucket(r) of the stack's
 * `relative_attention_bias` [num_buckets, heads]. Exact buckets for small |r|, logarithmic ones up to
 * `max_distance`, everything beyond in the last bucket. The encoder is bidirectional (half the buckets for
 * r > 0), the decoder causal (only r <= 0 is distinguished).
 */
import * as tf from '@tensorflow/tfjs-core';

export function t5Bucket(relative: number, bidirectional: boolean, numBuckets: number, maxDistance: number): number {
  let n = numBuckets;
  let bucket = 0;
  let r: number;
  if (bidirectional) {
    n = Math.floor(n / 2);
    if (relative > 0) bucket += n;
    r = Math.abs(relative);
  } else {
    r = -Math.min(relative, 0);
  }
  const exact = Math.floor(n / 2);
  if (r < exact) return bucket + r;
  const large = exact + Math.trunc((Math.log(r / exact) / Math.log(maxDistance / exact)) * (n - exact));
  return bucket + Math.min(large, n - 1);
}

/** [T][S] buckets for queries at positions past..past+T-1 and keys 0..S-1. */
export function t5BucketTable(T: number, S: number, past: number, bidirectional: boolean, numBuckets: number, maxDistance: number): number[][] {
  return Array.from({ length: T }, (_, t) => Array.from({ length: S }, (_, s) => t5Bucket(s - (past + t), bidirectional, numBuckets, maxDistance)));
}

/**
 * The additive position bias [1, H, T, S] from the bias table `weight` [num_buckets, H]: a gather of rows
 * (differentiable in the table, so full fine-tuning trains it).
 */
export function t5PositionBias(weight: tf.Tensor, T: number, S: number, past: number, bidirectional: boolean, maxDistance: number): tf.Tensor {
  const [N, H] = weight.shape as number[];
  const table = t5BucketTable(T, S, past, bidirectional, N, maxDistance);
  const idx = tf.tensor1d(table.flat(), 'int32');
  const rows = tf.gather(weight, idx); // [T·S, H]
  return tf.expandDims(tf.transpose(tf.reshape(rows, [T, S, H]), [2, 0, 1]), 0);
}
