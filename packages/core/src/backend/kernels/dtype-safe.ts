/**
 * dtype repairs for three wasm kernels of tfjs-backend-wasm 4.22, found by op-audit.test.ts:
 *  - StridedSlice allocates its general-case output as float32 whatever the input dtype
 *    (kernels/StridedSlice.ts: makeOutput(..., 'float32')): an int32 strided slice comes back labelled
 *    float32 holding the int bits (8 reads as 1.1e-44), so token ids sliced with a step are corrupted.
 *    The C++ copy moves 4-byte elements, so the bytes are right: we relabel the output int32.
 *  - StridedSlice, Reverse and Select treat bool values (1 byte each) as 4-byte elements: wrong results
 *    and writes past the output, which corrupt the wasm heap for every later op. bool values go through
 *    int32 casts instead.
 * float32 inputs reach the stock kernels untouched.
 */
import { Cast, getKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

function relabelAsInt32(backend: BackendWasm, t: TensorInfo): TensorInfo {
  backend.dataIdMap.get(t.dataId)!.dtype = 'int32';
  return { ...t, dtype: 'int32' };
}

function cast(backend: BackendWasm, x: TensorInfo, dtype: 'int32' | 'bool'): TensorInfo {
  return getKernel(Cast, 'wasm')!.kernelFunc({ inputs: { x }, backend, attrs: { dtype } }) as TensorInfo;
}

/**
 * Wrap a stock wasm kernel whose `valueInputs` carry the data (not masks). `int32OutputMislabelled`: the
 * stock kernel may label an int32 result float32 (StridedSlice).
 */
export function dtypeSafeWasmConfig(stock: KernelConfig, valueInputs: string[], int32OutputMislabelled: boolean): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const backend = args.backend as BackendWasm;
    const inputs = args.inputs as Record<string, TensorInfo>;
    const dtype = inputs[valueInputs[0]].dtype;
    if (dtype === 'float32') return stock.kernelFunc(args);
    const fixLabel = (t: TensorInfo) => (int32OutputMislabelled ? relabelAsInt32(backend, t) : t);
    if (dtype === 'int32') return fixLabel(stock.kernelFunc(args) as TensorInfo);
    if (dtype !== 'bool') return stock.kernelFunc(args);
    const castIns = valueInputs.map((name) => cast(backend, inputs[name], 'int32'));
    const asInt = { ...inputs, ...Object.fromEntries(valueInputs.map((name, i) => [name, castIns[i]])) };
    const resultInt = fixLabel(stock.kernelFunc({ ...args, inputs: asInt }) as TensorInfo);
    const out = cast(backend, resultInt, 'bool');
    for (const t of [...castIns, resultInt]) backend.disposeData(t.dataId);
    return out;
  };
  return { ...stock, kernelFunc };
}

/** The kernels repaired, with their data inputs and whether an int32 output comes back mislabelled. */
export const DTYPE_REPAIRS: Array<{ kernelName: string; valueInputs: string[]; int32OutputMislabelled: boolean }> = [
  { kernelName: 'StridedSlice', valueInputs: ['x'], int32OutputMislabelled: true },
  { kernelName: 'Reverse', valueInputs: ['x'], int32OutputMislabelled: false },
  { kernelName: 'Select', valueInputs: ['t', 'e'], int32OutputMislabelled: false },
];
