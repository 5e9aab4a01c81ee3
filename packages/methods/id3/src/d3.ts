/** The D3 importance heuristic (ID3 paper eq. 1): H(θ) = |∇θ| / (|θ| + ε)^exp. */
import * as tf from '@tensorflow/tfjs-core';

export function d3Score(theta: tf.Tensor, grad: tf.Tensor, eps: number, exp: number): tf.Tensor {
  return tf.tidy(() => {
    const g = tf.abs(grad);
    if (exp === 0) return g;
    return tf.div(g, tf.pow(tf.add(tf.abs(theta), eps), exp));
  });
}
