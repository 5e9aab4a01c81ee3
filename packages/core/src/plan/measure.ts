/**
 * Measuring backend memory the way the plan counts it. `tf.memory().numBytes` counts every tensor's bytes,
 * also when tensors share one buffer (reshape, the shared-data Identity): it over-counts what the backend
 * holds. `trackBufferBytes()` counts each data buffer once, with its peak, by following the engine's own
 * bookkeeping (every tensor is registered through `trackTensor` and released through `disposeTensor`).
 * On wasm, `wasmHeapBytes()` is the heap's size: it grows to the peak and never shrinks (the 4 GiB ceiling
 * applies to it).
 */
import * as tf from '@tensorflow/tfjs-core';

interface EngineHooks {
  trackTensor(a: tf.Tensor, backend: unknown): void;
  disposeTensor(a: tf.Tensor): void;
  state: { tensorInfo: WeakMap<object, unknown> };
}

export interface BufferTracker {
  /** Bytes of distinct buffers alive now (created since the tracker started, plus `baseline`). */
  current(): number;
  /** Highest `current()` since start or the last `resetPeak()`. */
  peak(): number;
  resetPeak(): void;
  stop(): void;
}

/**
 * Count distinct data buffers from now on. Buffers that existed before are not known individually: pass
 * their bytes as `baseline` (e.g. the model's weights) to get absolute numbers.
 */
export function trackBufferBytes(baseline = 0): BufferTracker {
  const eng = tf.engine() as unknown as EngineHooks;
  const origTrack = eng.trackTensor;
  const origDispose = eng.disposeTensor;
  const refs = new Map<object, { n: number; bytes: number }>();
  let current = baseline;
  let peak = baseline;
  eng.trackTensor = function (this: EngineHooks, a: tf.Tensor, backend: unknown) {
    const id = a.dataId as object;
    const existed = this.state.tensorInfo.has(id);
    origTrack.call(this, a, backend);
    const r = refs.get(id);
    if (r) r.n += 1;
    else if (!existed) {
      const bytes = a.dtype === 'string' || a.dtype === 'complex64' ? 0 : a.size * (a.dtype === 'bool' ? 1 : 4);
      refs.set(id, { n: 1, bytes });
      current += bytes;
      if (current > peak) peak = current;
    }
  };
  eng.disposeTensor = function (this: EngineHooks, a: tf.Tensor) {
    const id = a.dataId as object;
    const known = this.state.tensorInfo.has(id);
    origDispose.call(this, a);
    const r = refs.get(id);
    if (!known || !r) return;
    r.n -= 1;
    if (r.n === 0) {
      refs.delete(id);
      current -= r.bytes;
    }
  };
  return {
    current: () => current,
    peak: () => peak,
    resetPeak: () => {
      peak = current;
    },
    stop: () => {
      eng.trackTensor = origTrack;
      eng.disposeTensor = origDispose;
    },
  };
}

/** Size of the wasm heap now (it only grows), or null on another backend. */
export function wasmHeapBytes(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  const b = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return b.wasm?.HEAPU8?.buffer.byteLength ?? null;
}
