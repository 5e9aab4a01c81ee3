/**
 * wasm Identity without a copy. tfjs saves every tensor a gradient needs through `clone` = the Identity
 * kernel, and stock tfjs-backend-wasm's Identity copies the data: during a training step each weight a
 * matMul or gather read (frozen ones included) had a second copy on the heap until the backward pass
 * ended (~1x the model's weights extra at peak; 1.4 GB for RoBERTa-large). This one shares the data and
 * counts a reference, as wasm's own Reshape and tfjs-backend-cpu's Identity do. Data on the wasm heap is
 * never written in place by tfjs (variables get a new data id on assign), so sharing is safe.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

const identityShared = ((args: { inputs: { x: TensorInfo }; backend: { incRef(dataId: unknown): void } }) => {
  const { x } = args.inputs;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}) as unknown as KernelFunc;

export const identitySharedWasmConfig: KernelConfig = { kernelName: 'Identity', backendName: 'wasm', kernelFunc: identityShared };
