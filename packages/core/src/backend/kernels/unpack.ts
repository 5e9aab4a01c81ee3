/**
 * Unpack (tf.unstack) for wasm as strided block copies: O(size) in total.
 *
 * Why: tfjs-backend-wasm 4.22's Unpack slices the whole input once per output (performance-notes.md item 4),
 * which showed up as ~1 s of a full training step once per-head attention gradients went through stack.
 */
import { Unpack, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { computeOnWasm, type NumericArray } from './kernel-io.ts';

/** Copy slice k along `axis` of x (viewed as [outer, n, inner]) into outs[k]. */
export function unpackInto(x: NumericArray, outer: number, n: number, inner: number, outs: NumericArray[]): void {
  for (let k = 0; k < n; k++) {
    const out = outs[k];
    for (let o = 0; o < outer; o++) {
      const src = (o * n + k) * inner;
      out.set(x.subarray(src, src + inner), o * inner);
    }
  }
}

const unpackWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { value } = inputs as { value: TensorInfo };
  const axis = util.parseAxisParam((attrs as { axis: number }).axis, value.shape)[0];
  const n = value.shape[axis];
  const outer = util.sizeFromShape(value.shape.slice(0, axis));
  const inner = util.sizeFromShape(value.shape.slice(axis + 1));
  const outShape = value.shape.filter((_, i) => i !== axis);
  const specs = Array.from({ length: n }, () => ({ shape: outShape, dtype: value.dtype }));
  return computeOnWasm(backend as BackendWasm, [value], specs, ([x], outs) => unpackInto(x, outer, n, inner, outs));
};

export const unpackWasmConfig: KernelConfig = { kernelName: Unpack, backendName: 'wasm', kernelFunc: unpackWasm };
