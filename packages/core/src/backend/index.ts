/** Compute backend of @peftbench/core: selection, wasm kernels, fast matmul helpers. See README.md. */
import { installBackendFixes } from './fixes.ts';

export { initBackend, backendInfo, type BackendInfo, type InitBackendOptions } from './init.ts';
export { ALL_BACKEND_NAMES, BACKEND_NAMES, MAX_WASM_THREADS, OPT_IN_BACKENDS, parseBackendName, parseThreads, type BackendName } from './names.ts';
export { probeWebGpu, WEBGPU_PACKAGES, type WebGpuProbe } from './webgpu.ts';
export { BACKEND_PACKAGES } from './loaders.ts';
export { packageVersion } from './versions.ts';
export { OP_CASES, valueAndGrads, type OpCase } from './op-cases.ts';
export { matMulFast, matMulReleasingPacks, frozenWeightProduct, linear, swapLastTwo, type WeightLayout } from './matmul-fast.ts';
export { setBackendFixes, installBackendFixes, backendFixes, type BackendFixes } from './fixes.ts';

// Model code that imports @peftbench/core gets the kernels and the matMul gradient even before (or
// without) initBackend, e.g. in a test that picks a backend with tf.setBackend.
installBackendFixes();
