/**
 * GatherV2 for wasm as row copies (issue 20). The stock tfjs-backend-wasm 4.22 kernel computes every output
 * element's source index through strides: an embedding lookup of 2,048 rows × 256 took ~14 ms whatever the
 * table's size (three per step in BERT: words, positions, token types). Here x is viewed as
 * [outer, n, inner] (axis = the gathered one) and each index copies one block of `inner` values.
 * batchDims > 0, non-float32/int32 data and any out-of-range index go to the stock kernel. Pure data
 * movement: bit-identical to the stock kernel.
 */
import { GatherV2, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { computeOnWasm } from './kernel-io.ts';

/** out[o, j, :] = x[o, idx[j], :] with x [outer, n, inner]. */
export function gatherBlocks(x: Float32Array | Int32Array, outer: number, n: number, inner: number, idx: Int32Array, out: Float32Array | Int32Array): void {
  const m = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const src = (o * n + idx[j]) * inner;
      const dst = (o * m + j) * inner;
      if (inner >= 16) out.set(x.subarray(src, src + inner), dst);
      else for (let i = 0; i < inner; i++) out[dst + i] = x[src + i];
    }
  }
}

export function makeGatherWasmConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    if (batchDims || (x.dtype !== 'float32' && x.dtype !== 'int32') || indices.dtype !== 'int32') return stock.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const a = util.parseAxisParam(axis, x.shape)[0];
    const n = x.shape[a];
    const idx = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let j = 0; j < idx.length; j++) if (!(idx[j] >= 0 && idx[j] < n)) return stock.kernelFunc(args);
    const outer = util.sizeFromShape(x.shape.slice(0, a));
    const inner = util.sizeFromShape(x.shape.slice(a + 1));
    const outShape = [...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)];
    // views are taken after the output is allocated (computeOnWasm): malloc may move the heap
    return computeOnWasm(backend, [x, indices], [{ shape: outShape, dtype: x.dtype }], ([xs, is], [out]) =>
      gatherBlocks(xs as Float32Array | Int32Array, outer, n, inner, is as Int32Array, out as Float32Array | Int32Array),
    )[0];
  };
  return { ...stock, kernelName: GatherV2, kernelFunc };
}
