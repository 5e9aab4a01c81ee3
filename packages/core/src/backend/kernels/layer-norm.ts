/**
 * Fused LayerNorm for wasm (issue 20): y = (x − mean) / √(var + eps) · γ + β over the last axis, as one JS
 * pass per row instead of ~10 tfjs kernels forward and ~20 for their autodiff (moments, sub, rsqrt, mul, add
 * and the broadcast gradients' sums). Statistics in float64, one pass (tf.moments' biased variance as
 * E[x²] − mean²); dx takes two passes per row; results are rounded to float32 once.
 *
 * Kernels (registered for wasm only; other backends keep the composite in models/base.ts):
 *   PeftbenchLayerNorm      {x, gamma, beta}, {eps} → y
 *   PeftbenchLayerNormGrad  {dy, x, gamma}, {eps}   → dx = rstd·(g − mean(g) − x̂·mean(g·x̂)), g = dy·γ
 *   PeftbenchLayerNormParamGrad {dy, x}, {eps}      → dγ = Σ_rows dy·x̂   (dβ = Σ_rows dy is a tf.sum)
 * and the gradient of the first, which asks only for what the tape needs (a frozen γ/β costs nothing).
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { computeOnWasm } from './kernel-io.ts';

export const LAYER_NORM = 'PeftbenchLayerNorm';
export const LAYER_NORM_GRAD = 'PeftbenchLayerNormGrad';
export const LAYER_NORM_PARAM_GRAD = 'PeftbenchLayerNormParamGrad';

/**
 * mean and 1/√(var + eps) of one row, in one float64 pass (var = E[x²] − mean²: float32 data summed in float64
 * loses nothing that matters unless |mean| / std exceeds ~10⁵).
 */
function rowStats(x: Float32Array, base: number, D: number, eps: number): [number, number] {
  let s = 0;
  let q = 0;
  for (let i = 0; i < D; i++) {
    const v = x[base + i];
    s += v;
    q += v * v;
  }
  const mean = s / D;
  const variance = Math.max(q / D - mean * mean, 0);
  return [mean, 1 / Math.sqrt(variance + eps)];
}

export function layerNormForward(x: Float32Array, gamma: Float32Array, beta: Float32Array, rows: number, D: number, eps: number, y: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * D;
    const [mean, rstd] = rowStats(x, base, D, eps);
    for (let i = 0; i < D; i++) y[base + i] = (x[base + i] - mean) * rstd * gamma[i] + beta[i];
  }
}

export function layerNormGradX(dy: Float32Array, x: Float32Array, gamma: Float32Array, rows: number, D: number, eps: number, dx: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * D;
    // one pass: Σx, Σx², Σg, Σg·x with g = dy·γ; then Σg·x̂ = rstd·(Σg·x − mean·Σg)
    let s = 0;
    let q = 0;
    let sg = 0;
    let sgx = 0;
    for (let i = 0; i < D; i++) {
      const v = x[base + i];
      const g = dy[base + i] * gamma[i];
      s += v;
      q += v * v;
      sg += g;
      sgx += g * v;
    }
    const mean = s / D;
    const rstd = 1 / Math.sqrt(Math.max(q / D - mean * mean, 0) + eps);
    const mg = sg / D;
    const mgx = (rstd * (sgx - mean * sg)) / D;
    for (let i = 0; i < D; i++) dx[base + i] = rstd * (dy[base + i] * gamma[i] - mg - (x[base + i] - mean) * rstd * mgx);
  }
}

export function layerNormGradGamma(dy: Float32Array, x: Float32Array, rows: number, D: number, eps: number, dGamma: Float32Array): void {
  const ag = new Float64Array(D);
  for (let r = 0; r < rows; r++) {
    const base = r * D;
    const [mean, rstd] = rowStats(x, base, D, eps);
    for (let i = 0; i < D; i++) ag[i] += dy[base + i] * (x[base + i] - mean) * rstd;
  }
  for (let i = 0; i < D; i++) dGamma[i] = ag[i];
}

const dims = (x: TensorInfo) => {
  const D = x.shape[x.shape.length - 1];
  return { D, rows: D === 0 ? 0 : tf.util.sizeFromShape(x.shape) / D };
};

const forwardWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, gamma, beta } = inputs as { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
  const { eps } = attrs as unknown as { eps: number };
  const { D, rows } = dims(x);
  return computeOnWasm(backend as BackendWasm, [x, gamma, beta], [{ shape: x.shape, dtype: 'float32' }], ([xs, g, b], [y]) =>
    layerNormForward(xs as Float32Array, g as Float32Array, b as Float32Array, rows, D, eps, y as Float32Array),
  )[0];
};

const gradXWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x, gamma } = inputs as { dy: TensorInfo; x: TensorInfo; gamma: TensorInfo };
  const { eps } = attrs as unknown as { eps: number };
  const { D, rows } = dims(x);
  return computeOnWasm(backend as BackendWasm, [dy, x, gamma], [{ shape: x.shape, dtype: 'float32' }], ([d, xs, g], [dx]) =>
    layerNormGradX(d as Float32Array, xs as Float32Array, g as Float32Array, rows, D, eps, dx as Float32Array),
  )[0];
};

const gradParamsWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const { eps } = attrs as unknown as { eps: number };
  const { D, rows } = dims(x);
  return computeOnWasm(backend as BackendWasm, [dy, x], [{ shape: [D], dtype: 'float32' }], ([d, xs], [dg]) =>
    layerNormGradGamma(d as Float32Array, xs as Float32Array, rows, D, eps, dg as Float32Array),
  )[0];
};

export const layerNormWasmConfigs: KernelConfig[] = [
  { kernelName: LAYER_NORM, backendName: 'wasm', kernelFunc: forwardWasm },
  { kernelName: LAYER_NORM_GRAD, backendName: 'wasm', kernelFunc: gradXWasm },
  { kernelName: LAYER_NORM_PARAM_GRAD, backendName: 'wasm', kernelFunc: gradParamsWasm },
];

export const layerNormGradConfig: GradConfig = {
  kernelName: LAYER_NORM,
  inputsToSave: ['x', 'gamma'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [x, gamma] = saved;
    const d = dy as tf.Tensor;
    const eps = (attrs as unknown as { eps: number }).eps;
    const D = d.shape[d.rank - 1];
    return {
      x: () => tf.engine().runKernel(LAYER_NORM_GRAD, { dy: d, x, gamma }, { eps }) as tf.Tensor,
      gamma: () => tf.engine().runKernel(LAYER_NORM_PARAM_GRAD, { dy: d, x }, { eps }) as tf.Tensor,
      beta: () => tf.sum(tf.reshape(d, [-1, D]), 0),
    };
  },
};

/** Whether the fused kernel serves the current backend (wasm with the fix installed). */
export function fusedLayerNormAvailable(): boolean {
  return tf.getKernel(LAYER_NORM, tf.getBackend()) !== undefined;
}

/** The fused LayerNorm over the last axis (call only when fusedLayerNormAvailable()). */
export function fusedLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  return tf.engine().runKernel(LAYER_NORM, { x, gamma, beta }, { eps }) as tf.Tensor;
}
