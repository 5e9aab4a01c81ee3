/**
 * Install (or, for before/after benchmarks, remove) everything this folder changes in tfjs:
 * kernels for wasm and cpu, and the BatchMatMul gradient.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm'; // its kernels must be registered before we wrap or replace them
import type { GradConfig, KernelConfig } from '@tensorflow/tfjs';
import { batchMatMulGradConfig } from './gradients/batch-mat-mul.ts';
import { gatherNdGradConfig } from './gradients/gather-nd.ts';
import { missingComparisonGradients } from './gradients/non-differentiable.ts';
import { stridedSliceGradConfig } from './gradients/strided-slice.ts';
import { DTYPE_REPAIRS, dtypeSafeWasmConfig } from './kernels/dtype-safe.ts';
import { makeSumWasmConfig } from './kernels/sum.ts';
import { unpackWasmConfig } from './kernels/unpack.ts';
import { identitySharedWasmConfig } from './kernels/identity.ts';
import { makeTransposeWasmConfig } from './kernels/transpose.ts';
import { makeGatherWasmConfig } from './kernels/gather.ts';
import { LAYER_NORM, layerNormGradConfig, layerNormWasmConfigs } from './kernels/layer-norm.ts';
import { batchedMatMulState, makeBatchMatMulWasmConfig } from './kernels/batch-mat-mul.ts';
import { unsortedSegmentSumCpu, unsortedSegmentSumWasm } from './kernels/unsorted-segment-sum.ts';

export interface BackendFixes {
  /** UnsortedSegmentSum (gather/embedding gradient) for wasm (missing) and cpu (quadratic). */
  segmentSum: boolean;
  /** wasm Unpack as block copies. */
  unpack: boolean;
  /** wasm Sum over leading/middle axes without a transpose. */
  sum: boolean;
  /** wasm StridedSlice / Reverse / Select keep int32 and bool right (see kernels/dtype-safe.ts). */
  dtypeRepairs: boolean;
  /** BatchMatMul gradient through matMulFast (explicit transposes, 2-D fast path on wasm; broadcasting). */
  matMulGradient: boolean;
  /**
   * Gradients tfjs lacks on every backend: StridedSlice, GatherNd, and zeros for comparison/logical ops
   * (added, never removed: there is no stock version to restore).
   */
  missingGradients: boolean;
  /** wasm Identity shares data instead of copying (tensors saved for the backward pass, weights included). */
  sharedIdentity: boolean;
  /** wasm Transpose of one large matrix in JS, 32×32 tiles (issue 20). */
  transpose: boolean;
  /** wasm GatherV2 as row copies (issue 20: embedding lookups). */
  gather: boolean;
  /** Fused LayerNorm kernels for wasm (models use them when registered; issue 20). */
  layerNorm: boolean;
  /** wasm BatchMatMul of batched operands as per-matrix XNNPACK products on views, in one kernel call (issue 20). */
  batchedMatMul: boolean;
}

const ALL_ON: BackendFixes = { segmentSum: true, unpack: true, sum: true, dtypeRepairs: true, matMulGradient: true, missingGradients: true, sharedIdentity: true, transpose: true, gather: true, layerNorm: true, batchedMatMul: true };

/** Stock kernels and gradient, captured before our first change. */
let stock: { kernels: Map<string, KernelConfig | undefined>; matMulGrad: GradConfig } | undefined;
const state: BackendFixes = { segmentSum: false, unpack: false, sum: false, dtypeRepairs: false, matMulGradient: false, missingGradients: false, sharedIdentity: false, transpose: false, gather: false, layerNorm: false, batchedMatMul: false };

function key(kernelName: string, backendName: string): string {
  return `${kernelName}/${backendName}`;
}

function captureStock(): NonNullable<typeof stock> {
  if (stock) return stock;
  const kernels = new Map<string, KernelConfig | undefined>();
  for (const [k, b] of [['UnsortedSegmentSum', 'wasm'], ['UnsortedSegmentSum', 'cpu'], ['Unpack', 'wasm'], ['Sum', 'wasm'], ['Identity', 'wasm'], ['Transpose', 'wasm'], ['GatherV2', 'wasm'], ['BatchMatMul', 'wasm'], ...DTYPE_REPAIRS.map((r) => [r.kernelName, 'wasm'])]) {
    kernels.set(key(k, b), tf.getKernel(k, b));
  }
  stock = { kernels, matMulGrad: tf.getGradient('BatchMatMul')! };
  return stock;
}

/**
 * Swap one kernel. A backend that is already running has called the setupFunc of the kernels registered
 * at its start; a stock kernel put back later may never have been set up, so set it up now.
 */
function swapKernel(config: KernelConfig | undefined, kernelName: string, backendName: string): void {
  if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
  if (!config) return;
  tf.registerKernel(config);
  const running = tf.engine().registry[backendName];
  if (running && config.setupFunc) config.setupFunc(running);
}

/** Turn each fix on or off (default: all on). Idempotent; does nothing for a fix already in that state. */
export function setBackendFixes(wanted: Partial<BackendFixes> = ALL_ON): void {
  const s = captureStock();
  const want = { ...state, ...wanted };
  if (want.segmentSum !== state.segmentSum) {
    swapKernel(want.segmentSum ? unsortedSegmentSumWasm : s.kernels.get(key('UnsortedSegmentSum', 'wasm')), 'UnsortedSegmentSum', 'wasm');
    swapKernel(want.segmentSum ? unsortedSegmentSumCpu : s.kernels.get(key('UnsortedSegmentSum', 'cpu')), 'UnsortedSegmentSum', 'cpu');
  }
  if (want.unpack !== state.unpack) {
    swapKernel(want.unpack ? unpackWasmConfig : s.kernels.get(key('Unpack', 'wasm')), 'Unpack', 'wasm');
  }
  if (want.sum !== state.sum) {
    const stockSum = s.kernels.get(key('Sum', 'wasm'))!;
    swapKernel(want.sum ? makeSumWasmConfig(stockSum) : stockSum, 'Sum', 'wasm');
  }
  if (want.dtypeRepairs !== state.dtypeRepairs) {
    for (const r of DTYPE_REPAIRS) {
      const stockKernel = s.kernels.get(key(r.kernelName, 'wasm'))!;
      const config = want.dtypeRepairs ? dtypeSafeWasmConfig(stockKernel, r.valueInputs, r.int32OutputMislabelled) : stockKernel;
      swapKernel(config, r.kernelName, 'wasm');
    }
  }
  if (want.sharedIdentity !== state.sharedIdentity) {
    swapKernel(want.sharedIdentity ? identitySharedWasmConfig : s.kernels.get(key('Identity', 'wasm')), 'Identity', 'wasm');
  }
  if (want.transpose !== state.transpose) {
    const stockTranspose = s.kernels.get(key('Transpose', 'wasm'))!;
    swapKernel(want.transpose ? makeTransposeWasmConfig(stockTranspose) : stockTranspose, 'Transpose', 'wasm');
  }
  if (want.gather !== state.gather) {
    const stockGather = s.kernels.get(key('GatherV2', 'wasm'))!;
    swapKernel(want.gather ? makeGatherWasmConfig(stockGather) : stockGather, 'GatherV2', 'wasm');
  }
  if (want.layerNorm !== state.layerNorm) {
    for (const c of layerNormWasmConfigs) swapKernel(want.layerNorm ? c : undefined, c.kernelName, 'wasm');
    if (want.layerNorm && !tf.getGradient(LAYER_NORM)) tf.registerGradient(layerNormGradConfig);
  }
  if (want.batchedMatMul !== state.batchedMatMul) {
    const stockMatMul = s.kernels.get(key('BatchMatMul', 'wasm'))!;
    swapKernel(want.batchedMatMul ? makeBatchMatMulWasmConfig(stockMatMul) : stockMatMul, 'BatchMatMul', 'wasm');
    batchedMatMulState.installed = want.batchedMatMul;
  }
  if (want.matMulGradient !== state.matMulGradient) {
    tf.registerGradient(want.matMulGradient ? batchMatMulGradConfig : s.matMulGrad);
  }
  if (want.missingGradients && !state.missingGradients) {
    tf.registerGradient(stridedSliceGradConfig);
    tf.registerGradient(gatherNdGradConfig);
    for (const g of missingComparisonGradients()) tf.registerGradient(g);
  }
  want.missingGradients = want.missingGradients || state.missingGradients;
  Object.assign(state, want);
}

/** Install every fix (idempotent). `initBackend` calls this; so does importing the backend index. */
export function installBackendFixes(): void {
  setBackendFixes(ALL_ON);
}

/** Which fixes are currently installed. */
export function backendFixes(): Readonly<BackendFixes> {
  return { ...state };
}
