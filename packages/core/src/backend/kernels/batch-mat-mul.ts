/**
 * Batched products on wasm through XNNPACK, one matrix at a time, without copies (issue 20).
 *
 * tfjs-backend-wasm 4.22 sends a product to XNNPACK only when both operands are single matrices; a batch
 * falls into a scalar loop (1–2 GFLOP/s). matmul-fast.ts used to split such products into per-matrix
 * tf.matMul calls (unstack, 2-D products, stack): attention's 4 batched products per layer became ~1,500
 * tfjs ops per training step, plus their tape entries and the Pack/Unpack copies. This kernel does the same
 * split inside one kernel call: it registers each matrix of a, b and the output as a view (a tensor id
 * pointing into the operand's heap memory, `register_tensor`), runs the stock 2-D XNNPACK product on the
 * views, and drops the view ids (`dispose_data` only forgets the id and XNNPACK's cached operator for it;
 * the memory stays with its owner). Same XNNPACK products on the same data: bit-identical results.
 *
 * Handled: float32, no transposes, batch > 1 on a with b of the same batch (matrices of at least
 * PER_MATRIX_MIN_MACS multiply-adds) or a single matrix (then one [(batch·M), K] × [K, N] product).
 * Everything else: the stock kernel.
 */
import { BatchMatMul, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type WasmMatMul = (aId: number, aShape: Uint8Array, aRank: number, bId: number, bShape: Uint8Array, bRank: number, transposeA: number, transposeB: number, outId: number) => void;

interface WasmInternals {
  wasm: {
    cwrap(name: string, ret: null, args: string[]): WasmMatMul;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

let wasmMatMul: WasmMatMul | undefined;

/**
 * Per-matrix XNNPACK products beat the stock batched loop from about this size (bench, 2 vCPU AVX-512):
 * [64,128,64]·[64,64,128] 2.5× faster split, [16,128,256]·[16,256,128] 6.8×, [256,32,32]·[256,32,32] 0.6×.
 */
export const PER_MATRIX_MIN_MACS = 1 << 17;

const shapeBytes = (shape: number[]) => new Uint8Array(new Int32Array(shape).buffer);

/** Whether this kernel takes the product (else the stock kernel). */
export function batchedPlan(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): { batch: number; M: number; K: number; N: number; sharedB: boolean } | null {
  if (transposeA || transposeB || aShape.length < 3) return null;
  const batchA = util.sizeFromShape(aShape.slice(0, -2));
  const batchB = util.sizeFromShape(bShape.slice(0, -2));
  const [M, K] = aShape.slice(-2);
  const N = bShape[bShape.length - 1];
  if (batchA <= 1 || M * K * N === 0) return null;
  // batch shapes must line up as tfjs's kernel reads them: b one matrix, or b's batch equal to a's
  if (batchB !== 1 && !(batchB === batchA && util.arraysEqual(aShape.slice(0, -2), bShape.slice(0, -2)))) return null;
  if (batchB !== 1 && M * K * N < PER_MATRIX_MIN_MACS) return null;
  return { batch: batchA, M, K, N, sharedB: batchB === 1 };
}

export function makeBatchMatMulWasmConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const plan = a.dtype === 'float32' && b.dtype === 'float32' ? batchedPlan(a.shape, b.shape, transposeA, transposeB) : null;
    if (!plan || !wasmMatMul) return stock.kernelFunc(args);
    const { batch, M, K, N } = plan;
    const outShape = [...a.shape.slice(0, -2), M, N];
    if (plan.sharedB) {
      // rows of every matrix share b: one 2-D product over all rows
      const out = stock.kernelFunc({ ...args, inputs: { a: { ...a, shape: [batch * M, K] }, b: { ...b, shape: [K, N] } } }) as TensorInfo;
      return { ...out, shape: outShape };
    }
    const backend = args.backend as unknown as WasmInternals;
    const out = backend.makeOutput(outShape, 'float32');
    const aOff = backend.dataIdMap.get(a.dataId).memoryOffset;
    const bOff = backend.dataIdMap.get(b.dataId).memoryOffset;
    const oOff = backend.dataIdMap.get(out.dataId).memoryOffset;
    const aBytes = shapeBytes([1, M, K]);
    const bBytes = shapeBytes([1, K, N]);
    const { tfjs } = backend.wasm;
    const view = (offset: number, size: number) => {
      const id = backend.dataIdNextNumber++;
      tfjs.registerTensor(id, size, offset);
      return id;
    };
    for (let i = 0; i < batch; i++) {
      const aId = view(aOff + 4 * i * M * K, M * K);
      const bId = view(bOff + 4 * i * K * N, K * N);
      const oId = view(oOff + 4 * i * M * N, M * N);
      wasmMatMul(aId, aBytes, 3, bId, bBytes, 3, 0, 0, oId);
      tfjs.disposeData(aId);
      tfjs.disposeData(bId);
      tfjs.disposeData(oId);
    }
    return out;
  };
  const setupFunc = (backend: unknown) => {
    stock.setupFunc?.(backend as never);
    wasmMatMul = (backend as WasmInternals).wasm.cwrap(BatchMatMul, null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
  };
  return { ...stock, kernelName: BatchMatMul, kernelFunc, setupFunc };
}

/** Set by fixes.ts: matmul-fast.ts hands batched products to one kernel call when this kernel is installed. */
export const batchedMatMulState = { installed: false };
