/**
 * The op audit's cases: every op a transformer + AdamW training step uses, as forward functions of float
 * inputs, and `valueAndGrads` (value, then one gradient per input). op-audit.test.ts runs them on wasm vs cpu;
 * bench's gpu-check runs the same list on whichever GPU backend loads (tfjs-node-gpu, WebGPU) vs cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { linear, matMulFast } from './matmul-fast.ts';
import { Rng } from '@peftbench/util';

/** A float32 tensor of deterministic normals (as test-helpers' randn; this file is also used outside tests). */
function randn(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

export type T = tf.Tensor;
const pos = (x: T) => tf.add(tf.abs(x), 0.5); // domain of log, sqrt, rsqrt, pow
export const ids = () => tf.tensor1d([3, 0, 7, 3, 9, 1], 'int32');

export interface OpCase {
  /** shapes of the float inputs the gradient is taken with respect to */
  shapes: number[][];
  f: (...xs: T[]) => T;
  /** forward only (integer / boolean outputs) */
  noGrad?: boolean;
}

export const OP_CASES: Record<string, OpCase> = {
  matMul: { shapes: [[8, 6], [6, 5]], f: (a, b) => tf.matMul(a, b) },
  'matMul transposeA': { shapes: [[6, 8], [6, 5]], f: (a, b) => tf.matMul(a, b, true, false) },
  'matMul transposeB': { shapes: [[8, 6], [5, 6]], f: (a, b) => tf.matMul(a, b, false, true) },
  batchMatMul: { shapes: [[3, 8, 6], [3, 6, 5]], f: (a, b) => tf.matMul(a, b) },
  'batchMatMul broadcast weight': { shapes: [[3, 8, 6], [6, 5]], f: (a, b) => tf.matMul(a, b) },
  matMulFast: { shapes: [[2, 4, 8, 6], [2, 4, 5, 6]], f: (a, b) => matMulFast(a, b, false, true) },
  linear: { shapes: [[2, 7, 6], [5, 6], [5]], f: (x, w, b) => linear(x, w as tf.Tensor2D, b as tf.Tensor1D, 'out,in') },
  transpose: { shapes: [[2, 3, 4]], f: (x) => tf.transpose(x, [2, 0, 1]) },
  reshape: { shapes: [[2, 3, 4]], f: (x) => tf.reshape(x, [6, 4]) },
  'gather (embedding)': { shapes: [[10, 4]], f: (e) => tf.gather(e, ids()) },
  'gather axis 1': { shapes: [[3, 10]], f: (e) => tf.gather(e, ids(), 1) },
  softmax: { shapes: [[4, 7]], f: (x) => tf.softmax(x) },
  logSoftmax: { shapes: [[4, 7]], f: (x) => tf.logSoftmax(x) },
  erf: { shapes: [[20]], f: (x) => tf.erf(x) },
  'gelu (exact, erf)': { shapes: [[20]], f: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))) },
  'gelu (tanh)': { shapes: [[20]], f: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))))))) },
  tanh: { shapes: [[20]], f: (x) => tf.tanh(x) },
  sigmoid: { shapes: [[20]], f: (x) => tf.sigmoid(x) },
  relu: { shapes: [[20]], f: (x) => tf.relu(x) },
  neg: { shapes: [[20]], f: (x) => tf.neg(x) },
  exp: { shapes: [[20]], f: (x) => tf.exp(x) },
  log: { shapes: [[20]], f: (x) => tf.log(pos(x)) },
  square: { shapes: [[20]], f: (x) => tf.square(x) },
  sqrt: { shapes: [[20]], f: (x) => tf.sqrt(pos(x)) },
  rsqrt: { shapes: [[20]], f: (x) => tf.rsqrt(pos(x)) },
  'pow (scalar exponent)': { shapes: [[20]], f: (x) => tf.pow(pos(x), 1.7) },
  'pow (tensor exponent)': { shapes: [[20], [20]], f: (x, y) => tf.pow(pos(x), y) },
  abs: { shapes: [[20]], f: (x) => tf.abs(x) },
  softplus: { shapes: [[20]], f: (x) => tf.softplus(x) },
  'layerNorm via moments': {
    shapes: [[4, 16], [16], [16]],
    f: (x, g, b) => {
      const { mean, variance } = tf.moments(x, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-12))), g), b);
    },
  },
  'where / select (greater mask)': { shapes: [[20], [20]], f: (x, y) => tf.where(tf.greater(x, 0), x, tf.mul(y, 0.1)) },
  'where (equal, less masks)': { shapes: [[20]], f: (x) => tf.where(tf.logicalOr(tf.equal(tf.round(x), 0), tf.less(x, -1)), tf.zerosLike(x), x) },
  'cross-entropy (oneHot · logSoftmax)': { shapes: [[6, 10]], f: (x) => tf.neg(tf.sum(tf.mul(tf.oneHot(ids(), 10), tf.logSoftmax(x)), -1)) },
  'softmaxCrossEntropy loss': { shapes: [[6, 10]], f: (x) => tf.losses.softmaxCrossEntropy(tf.oneHot(ids(), 10), x) },
  maximum: { shapes: [[20], [20]], f: (x, y) => tf.maximum(x, y) },
  minimum: { shapes: [[20], [20]], f: (x, y) => tf.minimum(x, y) },
  'cast float→float': { shapes: [[20]], f: (x) => tf.cast(x, 'float32') },
  'cast bool→float mask': { shapes: [[20]], f: (x) => tf.mul(x, tf.cast(tf.greater(x, 0), 'float32')) },
  concat: { shapes: [[2, 3], [2, 5]], f: (a, b) => tf.concat([a, b], 1) },
  slice: { shapes: [[4, 6]], f: (x) => tf.slice(x, [1, 2], [2, 3]) },
  stridedSlice: { shapes: [[6, 8]], f: (x) => tf.stridedSlice(x, [1, 0], [6, 8], [2, 3]) },
  'stridedSlice (negative stride)': { shapes: [[4, 6]], f: (x) => tf.stridedSlice(x, [2, 5], [3, 0], [1, -2]) },
  'stridedSlice (shrink axis)': { shapes: [[4, 6]], f: (x) => tf.stridedSlice(x, [1, 0], [2, 6], [1, 2], 0, 0, 0, 0, 1) },
  tile: { shapes: [[2, 3]], f: (x) => tf.tile(x, [2, 3]) },
  expandDims: { shapes: [[2, 3]], f: (x) => tf.expandDims(x, 1) },
  squeeze: { shapes: [[2, 1, 3]], f: (x) => tf.squeeze(x, [1]) },
  'broadcastTo': { shapes: [[1, 3]], f: (x) => tf.broadcastTo(x, [4, 3]) },
  stack: { shapes: [[2, 3], [2, 3]], f: (a, b) => tf.stack([a, b], 1) },
  'unstack + stack': { shapes: [[3, 4]], f: (x) => tf.stack(tf.unstack(x, 1).reverse()) },
  split: { shapes: [[4, 6]], f: (x) => tf.concat(tf.split(x, [2, 4], 1).reverse(), 1) },
  pad: { shapes: [[2, 3]], f: (x) => tf.pad(x, [[1, 0], [0, 2]]) },
  unsortedSegmentSum: { shapes: [[6, 4]], f: (x) => tf.unsortedSegmentSum(x, ids(), 10) },
  gatherND: { shapes: [[4, 5]], f: (x) => tf.gatherND(x, tf.tensor2d([[1, 2], [3, 0], [1, 2]], [3, 2], 'int32')) },
  'sum (all)': { shapes: [[3, 4]], f: (x) => tf.sum(x) },
  'sum axis 0': { shapes: [[3, 4]], f: (x) => tf.sum(x, 0) },
  'mean axis -1': { shapes: [[3, 4]], f: (x) => tf.mean(x, -1) },
  'max axis -1': { shapes: [[3, 4]], f: (x) => tf.max(x, -1) },
  'min axis 0': { shapes: [[3, 4]], f: (x) => tf.min(x, 0) },
  logSumExp: { shapes: [[3, 4]], f: (x) => tf.logSumExp(x, -1) },
  clipByValue: { shapes: [[20]], f: (x) => tf.clipByValue(x, -0.5, 0.7) },
  'add/sub/mul/div broadcast': { shapes: [[3, 4], [4]], f: (x, y) => tf.div(tf.mul(tf.sub(tf.add(x, y), y), x), pos(y)) },
  cumsum: { shapes: [[3, 4]], f: (x) => tf.cumsum(x, 1) },
  'dropout (seeded)': { shapes: [[50]], f: (x) => tf.dropout(x, 0.3, undefined, 7) },
  'argMax (forward)': { shapes: [[3, 7]], f: (x) => tf.argMax(x, -1), noGrad: true },
  'greater/equal/less (forward)': { shapes: [[20]], f: (x) => tf.stack([tf.greater(x, 0), tf.equal(tf.round(x), 0), tf.less(x, -1)]), noGrad: true },
  'oneHot (forward)': { shapes: [[1]], f: () => tf.oneHot(ids(), 10), noGrad: true },
  'range / int32 arithmetic (positions)': { shapes: [[1]], f: () => tf.add(tf.range(0, 8, 1, 'int32'), tf.scalar(2, 'int32')), noGrad: true },
};

/** value, then one gradient per input of Σ f(x)·w with a fixed random w (so every output element counts). */
export function valueAndGrads({ shapes, f, noGrad }: OpCase): () => T[] {
  return () => {
    const xs = shapes.map((s, i) => randn(s, 11 + i));
    const y = f(...xs);
    if (noGrad) return [y];
    const w = randn(y.shape, 99);
    const grads = tf.grads((...args: T[]) => tf.sum(tf.mul(f(...args), w)))(xs);
    return [y, ...grads];
  };
}

