/**
 * Read inputs and write outputs of a JS-implemented kernel on the wasm and cpu backends, so each kernel's
 * arithmetic is written once over plain typed arrays.
 */
import type { DataType, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export type NumericArray = Float32Array | Int32Array | Uint8Array;
export interface OutputSpec {
  shape: number[];
  dtype: DataType;
}
export type KernelBody = (inputs: NumericArray[], outputs: NumericArray[]) => void;

/** wasm: allocate outputs in the wasm heap FIRST (malloc may grow it and detach older views), then view all. */
export function computeOnWasm(backend: BackendWasm, inputs: TensorInfo[], outputs: OutputSpec[], body: KernelBody): TensorInfo[] {
  const outInfos = outputs.map((o) => backend.makeOutput(o.shape, o.dtype));
  const view = (t: TensorInfo) => backend.typedArrayFromHeap(t) as NumericArray;
  body(inputs.map(view), outInfos.map(view));
  return outInfos;
}

function newArray(size: number, dtype: DataType): NumericArray {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  if (dtype === 'bool') return new Uint8Array(size);
  throw new Error(`kernel-io: unsupported dtype ${dtype}`);
}

/** cpu: inputs are the backend's own typed arrays; outputs are fresh arrays handed to the backend. */
export function computeOnCpu(backend: MathBackendCPU, inputs: TensorInfo[], outputs: OutputSpec[], body: KernelBody): TensorInfo[] {
  const ins = inputs.map((t) => backend.data.get(t.dataId).values as NumericArray);
  const outs = outputs.map((o) => newArray(o.shape.reduce((a, b) => a * b, 1), o.dtype));
  body(ins, outs);
  return outputs.map((o, i) => backend.makeTensorInfo(o.shape, o.dtype, outs[i]));
}
