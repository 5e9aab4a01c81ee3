/**
 * BatchMatMul gradient (C = op(A)·op(B), op = optional transpose of the last two axes):
 *   dA = dC·op(B)ᵀ, dB = op(A)ᵀ·dC, transposed back when the input was used transposed
 * (the same algebra as tfjs-core's BatchMatMul_grad), with two changes:
 *  - every product goes through matMulFast, so on wasm the gradient's transposed products become an
 *    explicit transpose plus a fast 2-D product (the stock gradient's transposed products run at 1–2
 *    GFLOP/s there: performance-notes.md item 3);
 *  - broadcast batch axes are summed back to the input's shape (the stock gradient returns the broadcast
 *    shape and fails for x[B,T,K]·W[K,N]). For a single-matrix operand the sum is folded into one 2-D
 *    product over all rows instead of a batched product followed by a sum.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs';
import { matMulFast, swapLastTwo } from '../matmul-fast.ts';

/** Sum a gradient over the axes broadcasting added or stretched, then give it the input's shape. */
function reduceToShape(grad: tf.Tensor, shape: number[]): tf.Tensor {
  if (tf.util.arraysEqual(grad.shape, shape)) return grad;
  const axes = tf.broadcast_util.getReductionAxes(shape, grad.shape);
  const summed = axes.length > 0 ? tf.sum(grad, axes) : grad;
  return tf.reshape(summed, shape);
}

function isSingleMatrix(t: tf.Tensor): boolean {
  return t.shape.slice(0, -2).every((d) => d === 1);
}

/** Rows of op(x) stacked over every batch: [(batch·rows), cols]. */
function allRows(x: tf.Tensor, transposed: boolean): tf.Tensor2D {
  const m = transposed ? swapLastTwo(x) : x;
  return tf.reshape(m, [-1, m.shape[m.rank - 1]]) as tf.Tensor2D;
}

export const batchMatMulGradConfig: GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const dC = dy as tf.Tensor;
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const gradA = (): tf.Tensor => {
      // dA = dC·op(B)ᵀ; when A was transposed: dAᵀ = op(B)·dCᵀ
      const g = transposeA ? matMulFast(b, dC, transposeB, true) : matMulFast(dC, b, false, !transposeB);
      return reduceToShape(g, a.shape);
    };
    const gradB = (): tf.Tensor => {
      if (isSingleMatrix(b) && !isSingleMatrix(a)) {
        // b was shared by every batch: dB = Σ_batch op(A)ᵀ·dC = (all rows of op(A))ᵀ · (all rows of dC)
        const rowsA = allRows(a, transposeA);
        const rowsDC = allRows(dC, false);
        const g = transposeB ? matMulFast(rowsDC, rowsA, true, false) : matMulFast(rowsA, rowsDC, true, false);
        return tf.reshape(g, b.shape);
      }
      // dB = op(A)ᵀ·dC; when B was transposed: dBᵀ = dCᵀ·op(A)
      const g = transposeB ? matMulFast(dC, a, true, transposeA) : matMulFast(a, dC, !transposeA, false);
      return reduceToShape(g, b.shape);
    };
    return { a: gradA, b: gradB };
  },
};
