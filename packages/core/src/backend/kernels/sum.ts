/**
 * Sum for wasm when the reduced axes are contiguous but not innermost (e.g. a bias gradient: sum of
 * [batch·seq, hidden] over axis 0). The stock wasm kernel transposes the reduced axes to the end first
 * (performance-notes.md item 4). We instead
 *  - leading axes, float32: one XNNPACK product ones[1, R] · x[R, inner] (the column sums), ~30× faster
 *    than the transpose + reduce on a [2048, 1024] input;
 *  - middle axes or int32: accumulate rows in place in JS, in float64 like tfjs-backend-cpu.
 * Every other case (innermost axes, non-contiguous axes, bool) goes to the stock kernel unchanged.
 */
import { BatchMatMul, getKernel, Sum, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { computeOnWasm, type NumericArray } from './kernel-io.ts';

/** [outer, reduced, inner] view of a reduction over the contiguous axes [first, last]; null otherwise. */
export function leadingReduction(shape: number[], axes: number[]): { outer: number; reduced: number; inner: number } | null {
  const sorted = [...axes].sort((a, b) => a - b);
  if (sorted.some((a, i) => i > 0 && a !== sorted[i - 1] + 1)) return null;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  return {
    outer: util.sizeFromShape(shape.slice(0, first)),
    reduced: util.sizeFromShape(shape.slice(first, last + 1)),
    inner: util.sizeFromShape(shape.slice(last + 1)),
  };
}

/** out[o, i] = Σ_r x[o, r, i], accumulated in float64. */
export function sumMiddleInto(x: NumericArray, outer: number, reduced: number, inner: number, out: NumericArray): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let r = 0; r < reduced; r++) {
      const base = (o * reduced + r) * inner;
      for (let i = 0; i < inner; i++) acc[i] += x[base + i];
    }
    out.set(acc, o * inner);
  }
}

/** Column sums of x viewed as [R, inner] via the wasm BatchMatMul kernel: ones[1, R] · x[R, inner]. */
function columnSumsByMatMul(backend: BackendWasm, x: TensorInfo, reduced: number, inner: number, outShape: number[]): TensorInfo {
  const ones = backend.makeOutput([1, reduced], 'float32');
  (backend.typedArrayFromHeap(ones) as Float32Array).fill(1);
  // Same data, seen as a matrix: the kernel reads by data id and takes its dimensions from `shape`.
  const x2d: TensorInfo = { dataId: x.dataId, shape: [reduced, inner], dtype: x.dtype };
  const matMul = getKernel(BatchMatMul, 'wasm')!.kernelFunc;
  const product = matMul({ inputs: { a: ones, b: x2d }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  backend.disposeData(ones.dataId);
  return { ...product, shape: outShape };
}

/** Wrap the stock wasm Sum so that only leading/middle reductions take the JS path. */
export function makeSumWasmConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const axes = util.parseAxisParam(axis, x.shape);
    const view = axes.length > 0 && x.dtype !== 'bool' && util.sizeFromShape(x.shape) > 0 ? leadingReduction(x.shape, axes) : null;
    if (view === null || view.inner === 1) return stock.kernelFunc(args);
    const outShape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    if (view.outer === 1 && x.dtype === 'float32') {
      return columnSumsByMatMul(args.backend as BackendWasm, x, view.reduced, view.inner, outShape);
    }
    return computeOnWasm(args.backend as BackendWasm, [x], [{ shape: outShape, dtype: x.dtype }], ([xs], [out]) =>
      sumMiddleInto(xs, view.outer, view.reduced, view.inner, out),
    )[0];
  };
  return { ...stock, kernelFunc };
}
