/**
 * UnsortedSegmentSum in linear time: out[s, ...] = Σ_{i : ids[i] = s} x[i, ...]
 * (TensorFlow's tf.math.unsorted_segment_sum). It is the gradient of gather, i.e. of an embedding lookup.
 *
 * Why our own: tfjs-backend-wasm 4.22 has no kernel, so full fine-tuning of any embedding fails on wasm;
 * tfjs-backend-cpu builds one equality mask per segment (O(numSegments × n) memory; > 14 GB at vocab 8000).
 * Semantics follow TF: segmentIds may have any rank r with x.shape[:r] == segmentIds.shape; negative ids are
 * dropped; ids ≥ numSegments are an error (TF's CPU kernel raises too).
 */
import { UnsortedSegmentSum, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { InputError } from '@peftbench/util';
import { computeOnCpu, computeOnWasm, type KernelBody, type OutputSpec } from './kernel-io.ts';

/** Output shape and the per-id row length, checking the shapes as TF does. */
export function segmentSumShape(xShape: number[], idsShape: number[], numSegments: number): { outShape: number[]; rowSize: number } {
  const r = idsShape.length;
  if (xShape.length < r || idsShape.some((d, i) => d !== xShape[i])) {
    throw new InputError(
      `UnsortedSegmentSum [segmentIds]: shape [${idsShape}] must be a prefix of x's shape [${xShape}]`,
    );
  }
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new InputError(`UnsortedSegmentSum [numSegments]: must be a non-negative integer, got ${numSegments}`);
  }
  const rowShape = xShape.slice(r);
  return { outShape: [numSegments, ...rowShape], rowSize: rowShape.reduce((a, b) => a * b, 1) };
}

/** out must be zero-filled by the caller's allocation or here; one pass over x. */
export function segmentSumInto(x: ArrayLike<number>, ids: ArrayLike<number>, rowSize: number, numSegments: number, out: Float32Array | Int32Array): void {
  out.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0) continue;
    if (s >= numSegments) {
      throw new InputError(`UnsortedSegmentSum [segmentIds, index ${i}]: id ${s} is not below numSegments ${numSegments}`);
    }
    const src = i * rowSize;
    const dst = s * rowSize;
    for (let j = 0; j < rowSize; j++) out[dst + j] += x[src + j];
  }
}

function plan(inputs: { x: TensorInfo; segmentIds: TensorInfo }, numSegments: number): { spec: OutputSpec; body: KernelBody } {
  const { x, segmentIds } = inputs;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new InputError(`UnsortedSegmentSum [x]: dtype ${x.dtype} not supported (float32, int32)`);
  }
  const { outShape, rowSize } = segmentSumShape(x.shape, segmentIds.shape, numSegments);
  const body: KernelBody = ([xs, ids], [out]) => segmentSumInto(xs, ids, rowSize, numSegments, out as Float32Array | Int32Array);
  return { spec: { shape: outShape, dtype: x.dtype }, body };
}

type Inputs = { x: TensorInfo; segmentIds: TensorInfo };

const wasmKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as Inputs;
  const { spec, body } = plan({ x, segmentIds }, (attrs as { numSegments: number }).numSegments);
  return computeOnWasm(backend as BackendWasm, [x, segmentIds], [spec], body)[0];
};

const cpuKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as Inputs;
  const { spec, body } = plan({ x, segmentIds }, (attrs as { numSegments: number }).numSegments);
  return computeOnCpu(backend as MathBackendCPU, [x, segmentIds], [spec], body)[0];
};

export const unsortedSegmentSumWasm: KernelConfig = { kernelName: UnsortedSegmentSum, backendName: 'wasm', kernelFunc: wasmKernel };
export const unsortedSegmentSumCpu: KernelConfig = { kernelName: UnsortedSegmentSum, backendName: 'cpu', kernelFunc: cpuKernel };
