/**
 * Matrix products that take the fast path of every backend.
 *
 * On wasm (tfjs-backend-wasm 4.22) only a plain, non-transposed product whose operands are one matrix each
 * (batch size 1) reaches XNNPACK (~20–33 GFLOP/s on one AVX-512 core, 1024³). A transposed operand or a
 * batch > 1 falls into a scalar loop: 1–2 GFLOP/s (measured in bench.ts). So on wasm we
 *   1. materialise transposes with tf.transpose (a memory pass, cheap next to the product),
 *   2. fold batch dimensions into rows when the right operand is a single matrix
 *      ([..., M, K] × [K, N] → [(...·M), K] × [K, N]),
 *   3. split a truly batched product into per-matrix 2-D products when each is big enough
 *      (M·K·N ≥ PER_MATRIX_MIN_MACS); below that the per-call overhead loses to the stock batched loop.
 *      With the batched kernel installed (kernels/batch-mat-mul.ts, issue 20) that split happens inside one
 *      kernel call on views of the operands, instead of unstack + per-matrix tf.matMul + stack here.
 * Other backends (tensorflow, cpu) get tf.matMul unchanged: their transposed/batched kernels are fine.
 */
import * as tf from '@tensorflow/tfjs';
import { batchedMatMulState, PER_MATRIX_MIN_MACS } from './kernels/batch-mat-mul.ts';

export type WeightLayout = 'in,out' | 'out,in';

export { PER_MATRIX_MIN_MACS };

function onWasm(): boolean {
  return tf.getBackend() === 'wasm';
}

/** Swap the last two axes (an explicit, materialised transpose). */
export function swapLastTwo(x: tf.Tensor): tf.Tensor {
  const r = x.rank;
  const perm = [...Array(r).keys()];
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return tf.transpose(x, perm);
}

function batchSize(shape: number[]): number {
  return shape.slice(0, -2).reduce((a, b) => a * b, 1);
}

/**
 * tfjs kernels size a batched product as max(batchA, batchB) matrices and index the smaller operand
 * modulo its batch size: right when one operand is a single matrix or its batch is a trailing part of the
 * other's ([3,…]·[2,3,…]), wrong when both broadcast ([2,1,…]·[1,3,…]). Those cases are broadcast first.
 */
function needsExplicitBroadcast(a: tf.Tensor, b: tf.Tensor): boolean {
  const ba = a.shape.slice(0, -2);
  const bb = b.shape.slice(0, -2);
  if (batchSize(a.shape) === 1 || batchSize(b.shape) === 1) return false;
  const [short, long] = ba.length <= bb.length ? [ba, bb] : [bb, ba];
  const tail = long.slice(long.length - short.length);
  return !tf.util.arraysEqual(short, tail);
}

/** Plain (non-transposed) product on wasm, arranged so each product XNNPACK sees is 2-D. */
function plainMatMulWasm(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [M, K] = a.shape.slice(-2);
  const N = b.shape[b.rank - 1];
  const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outShape = [...outBatch, M, N];
  if (a.rank === 2 && b.rank === 2) return tf.matMul(a, b);
  if (batchSize(b.shape) === 1) {
    // rows of every matrix of a share the single b: one [(batch·M), K] × [K, N] product
    const rows = tf.matMul(tf.reshape(a, [-1, K]), tf.reshape(b, [K, N]));
    return tf.reshape(rows, outShape);
  }
  // Truly batched: broadcast both to the output batch shape, then per-matrix 2-D products.
  const B = batchSize(outShape);
  const a3 = tf.reshape(tf.broadcastTo(a, [...outBatch, M, K]), [B, M, K]);
  const b3 = tf.reshape(tf.broadcastTo(b, [...outBatch, K, N]), [B, K, N]);
  // one kernel call: the batched kernel (kernels/batch-mat-mul.ts) splits into per-matrix XNNPACK products
  // itself when installed; small matrices stay with the stock batched loop either way
  if (M * K * N < PER_MATRIX_MIN_MACS || batchedMatMulState.installed) return tf.reshape(tf.matMul(a3, b3), outShape);
  const as = tf.unstack(a3);
  const bs = tf.unstack(b3);
  return tf.reshape(tf.stack(as.map((ai, i) => tf.matMul(ai, bs[i]))), outShape);
}

/**
 * tf.matMul(a, b, transposeA, transposeB) with the same result and broadcasting, fast on wasm.
 * Gradients flow through the ops used (transpose, reshape, matMul, unstack/stack), all exact.
 */
export function matMulFast(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  if (!onWasm()) {
    if (!needsExplicitBroadcast(a, b)) return tf.matMul(a, b, transposeA, transposeB);
    return tf.tidy(() => {
      const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
      return tf.matMul(tf.broadcastTo(a, [...batch, ...a.shape.slice(-2)]), tf.broadcastTo(b, [...batch, ...b.shape.slice(-2)]), transposeA, transposeB);
    });
  }
  return tf.tidy(() => plainMatMulWasm(transposeA ? swapLastTwo(a) : a, transposeB ? swapLastTwo(b) : b));
}

/** Largest right operand (bytes) `matMulReleasingPacks` copies and packs at once; wider ones go in column blocks. */
export const PACK_BLOCK_BYTES = 64 * 2 ** 20;

/**
 * XNNPACK (tfjs-backend-wasm) packs the right operand of every product into its own layout and keeps that
 * packed copy until the operand's buffer is freed. For a weight that lives all run, that is a second copy of
 * the model's weights inside the 4 GiB heap (measured: heap − tensors ≈ 1 × weights). This product never
 * gives XNNPACK a long-lived buffer: the right operand is a fresh copy (or the fresh transpose) made for the
 * product and freed after it, so the packed copy goes with it. A right operand over `maxBlockBytes` goes in
 * blocks of output columns (GPT-2 large's tied head: 257 MB in 5 blocks), so at most one block and its pack
 * exist at a time; every output element is still one dot product over the whole inner axis. Costs one memory
 * pass over b and a repack per product (the forward's rows amortise both).
 */
export function matMulReleasingPacks(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false, maxBlockBytes = PACK_BLOCK_BYTES): tf.Tensor {
  if (!onWasm()) return matMulFast(a, b, transposeA, transposeB);
  return tf.tidy(() => {
    const left = transposeA ? swapLastTwo(a) : a;
    const [K, N] = transposeB ? [b.shape[b.rank - 1], b.shape[b.rank - 2]] : b.shape.slice(-2);
    const blocks = b.rank === 2 ? Math.ceil((K * N * 4) / maxBlockBytes) : 1;
    if (blocks <= 1) return plainMatMulWasm(left, transposeB ? swapLastTwo(b) : tf.mul(b, 1));
    const width = Math.ceil(N / blocks);
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < N; start += width) {
      const n = Math.min(width, N - start);
      parts.push(tf.tidy(() => {
        // the block's copy (and its pack) are freed when this tidy ends
        const block = transposeB ? tf.transpose(tf.slice(b, [start, 0], [n, K])) : tf.slice(b, [0, start], [K, n]);
        return plainMatMulWasm(left, block);
      }));
    }
    return tf.concat(parts, left.rank - 1);
  });
}

/**
 * x·W (or x·Wᵀ) for a weight that gets no gradient (a frozen backbone's), through `matMulReleasingPacks` in
 * the forward and in the backward (dx = dy·Wᵀ), so neither pass leaves a packed copy of W on the wasm heap.
 * W is read, not an input: the product has a gradient for x only.
 */
export function frozenWeightProduct(x: tf.Tensor2D, w: tf.Tensor2D, transposeW = false): tf.Tensor2D {
  if (!onWasm()) return matMulFast(x, w, false, transposeW) as tf.Tensor2D;
  const op = tf.customGrad(((input: tf.Tensor2D) => ({
    value: matMulReleasingPacks(input, w, false, transposeW),
    gradFunc: (dy: tf.Tensor) => matMulReleasingPacks(dy, w, false, !transposeW),
  })) as never) as (x: tf.Tensor2D) => tf.Tensor2D;
  return op(x);
}

/**
 * A dense layer y = x·W + b over the last axis of x (any rank ≥ 1), reshaped to 2-D so the product is the
 * fast one everywhere. `layout` 'in,out' is W[in, out] (tfjs/Keras, GPT-2 Conv1D); 'out,in' is W[out, in]
 * (PyTorch nn.Linear as stored in HF checkpoints), multiplied as x·Wᵀ — on wasm that costs one explicit
 * transpose of W per call, so keep hot weights in 'in,out' when you can.
 */
export function linear(x: tf.Tensor, w: tf.Tensor2D, bias?: tf.Tensor1D | null, layout: WeightLayout = 'in,out'): tf.Tensor {
  const inDim = x.shape[x.rank - 1];
  const [wIn, wOut] = layout === 'in,out' ? w.shape : [w.shape[1], w.shape[0]];
  if (wIn !== inDim) {
    throw new Error(`linear: x's last axis (${inDim}) does not match W's input size (${wIn}, layout ${layout}, W [${w.shape}])`);
  }
  return tf.tidy(() => {
    const x2 = tf.reshape(x, [-1, inDim]);
    let y = matMulFast(x2, w, false, layout === 'out,in');
    if (bias) y = tf.add(y, bias);
    return tf.reshape(y, [...x.shape.slice(0, -1), wOut]);
  });
}
