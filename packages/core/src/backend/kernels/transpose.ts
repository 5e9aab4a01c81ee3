/**
 * Transpose for wasm in JS (issue 20). On wasm every transposed or batched product is made explicit
 * (matmul-fast.ts), so a full training step runs ~1,100 transposes; stock tfjs-backend-wasm 4.22's kernel
 * walks the output element by element with index arithmetic (23 ms for [2048, 1024] on one core here).
 *
 * The permutation is first simplified (size-1 axes dropped, runs of axes that stay adjacent and in order
 * merged); a single large matrix (x[R, C] → [C, R], ≥ MIN_JS_TRANSPOSE elements: the weight-gradient
 * transposes of activations) is transposed in 32 × 32 tiles here, 1.5–2× the stock kernel ([2048, 1024],
 * [2048, 256], measured in one process). Everything else stays with the stock kernel, which is faster than
 * JS for batches of small matrices and already copies whole rows when the innermost axis stays innermost
 * (attention heads [B, T, H, dh] → [B, H, T, dh]). Pure data movement: bit-identical to the stock kernel.
 */
import { Transpose, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { computeOnWasm } from './kernel-io.ts';

/** Shape and permutation with size-1 axes dropped and in-order adjacent axes merged (same data order). */
export function simplifyPermutation(shape: number[], perm: number[]): { shape: number[]; perm: number[] } {
  const kept = perm.filter((a) => shape[a] !== 1);
  // group consecutive output axes that are consecutive input axes
  const groups: number[][] = [];
  for (const a of kept) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] + 1 === a) last.push(a);
    else groups.push([a]);
  }
  // each group becomes one axis; order groups by their first input axis to get the new input shape
  const byInput = [...groups].sort((g, h) => g[0] - h[0]);
  const newShape = byInput.map((g) => g.reduce((s, a) => s * shape[a], 1));
  const newPerm = groups.map((g) => byInput.indexOf(g));
  return { shape: newShape, perm: newPerm };
}

/** out[m][c][r] = x[m][r][c] for `mats` matrices of [R, C], in 32 × 32 tiles. */
export function transposeMatrices(x: Float32Array | Int32Array, mats: number, R: number, C: number, out: Float32Array | Int32Array): void {
  const T = 32;
  const size = R * C;
  for (let m = 0; m < mats; m++) {
    const base = m * size;
    for (let r0 = 0; r0 < R; r0 += T) {
      const r1 = Math.min(r0 + T, R);
      for (let c0 = 0; c0 < C; c0 += T) {
        const c1 = Math.min(c0 + T, C);
        for (let r = r0; r < r1; r++) {
          const src = base + r * C;
          for (let c = c0; c < c1; c++) out[base + c * R + r] = x[src + c];
        }
      }
    }
  }
}

type Plan = { kind: 'copy' } | { kind: 'matrices'; mats: number; R: number; C: number } | { kind: 'blocks'; outer: number[]; perm: number[]; inner: number };

/** How this kernel handles a permutation, or null for the stock kernel. */
export function transposePlan(shape: number[], perm: number[]): Plan | null {
  const s = simplifyPermutation(shape, perm);
  const n = s.perm.length;
  if (n <= 1 || s.perm.every((a, i) => a === i)) return { kind: 'copy' };
  if (s.perm[n - 1] === n - 1) return { kind: 'blocks', outer: s.shape.slice(0, -1), perm: s.perm.slice(0, -1), inner: s.shape[n - 1] };
  const leadingInOrder = s.perm.slice(0, -2).every((a, i) => a === i);
  if (leadingInOrder && s.perm[n - 2] === n - 1 && s.perm[n - 1] === n - 2) {
    return { kind: 'matrices', mats: util.sizeFromShape(s.shape.slice(0, -2)), R: s.shape[n - 2], C: s.shape[n - 1] };
  }
  return null;
}

/** Below this many elements the stock kernel's per-call cost is no worse than ours. */
export const MIN_JS_TRANSPOSE = 1 << 16;

/** Wrap the stock wasm Transpose: one large 2-D transpose in JS, the rest unchanged. */
export function makeTransposeWasmConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { perm } = args.attrs as unknown as { perm: number[] };
    if ((x.dtype !== 'float32' && x.dtype !== 'int32') || util.sizeFromShape(x.shape) === 0) return stock.kernelFunc(args);
    const plan = transposePlan(x.shape, perm);
    if (!plan || plan.kind !== 'matrices' || plan.mats !== 1 || plan.R * plan.C < MIN_JS_TRANSPOSE) return stock.kernelFunc(args);
    const outShape = perm.map((a) => x.shape[a]);
    return computeOnWasm(args.backend as BackendWasm, [x], [{ shape: outShape, dtype: x.dtype }], ([xs], [out]) => {
      const src = xs as Float32Array | Int32Array;
      const dst = out as Float32Array | Int32Array;
      transposeMatrices(src, plan.mats, plan.R, plan.C, dst);
    })[0];
  };
  return { ...stock, kernelName: Transpose, kernelFunc };
}
