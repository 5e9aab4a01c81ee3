/**
 * Sum for wasm when the reduced axes are contiguous but not innermost (e.g. a bias gradient: sum of
 * [batch·seq, hidden] over axis 0). The stock wasm kernel transposes the reduced axes to the end first
 * (performance-notes.md item 4). We accumulate rows in place in JS instead, in float64 like
 * tfjs-backend-cpu, with a loop specialised for float32 (the hot case: every bias and LayerNorm gradient).
 *
 * An earlier version took leading-axis float32 sums through an XNNPACK product ones[1, R] · x[R, inner].
 * XNNPACK packs its right operand afresh for every new tensor, and a gradient always is new: 14 ms for
 * [2048, 1024] vs ~2 ms here (issue 20; bench/README.md "Performance").
 * Every other case (innermost axes, non-contiguous axes, bool) goes to the stock kernel unchanged.
 */
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
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

/** sumMiddleInto for float32 (monomorphic: V8 keeps this loop on one typed-array kind). */
export function sumMiddleF32(x: Float32Array, outer: number, reduced: number, inner: number, out: Float32Array): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let r = 0; r < reduced; r++) {
      const base = (o * reduced + r) * inner;
      for (let i = 0; i < inner; i++) acc[i] += x[base + i];
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i];
  }
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
    return computeOnWasm(args.backend as BackendWasm, [x], [{ shape: outShape, dtype: x.dtype }], ([xs], [out]) =>
      x.dtype === 'float32' ? sumMiddleF32(xs as Float32Array, view.outer, view.reduced, view.inner, out as Float32Array) : sumMiddleInto(xs, view.outer, view.reduced, view.inner, out),
    )[0];
  };
  return { ...stock, kernelFunc };
}
