/**
 * Key/value cache for incremental decoding: per layer, keys and values after RoPE as [B, Hkv, S, dh]
 * (prefix-tuning keys are not stored: the prefix hook supplies them on every call), plus the attention
 * mask of the cached positions and how many real tokens each row has seen (the next position id).
 *
 * Tensors held here are tf.keep()-ed: they survive the caller's tidy; `dispose()` frees them.
 */
import * as tf from '@tensorflow/tfjs-core';

export class KvCache {
  private keys: (tf.Tensor | undefined)[];
  private values: (tf.Tensor | undefined)[];
  /** [B][S] 1 = real token, for every cached position. */
  mask: number[][];
  /** Real tokens seen per row: the position id of the row's next real token. */
  realCount: number[];

  constructor(
    readonly numLayers: number,
    batchSize: number,
  ) {
    this.keys = new Array(numLayers).fill(undefined);
    this.values = new Array(numLayers).fill(undefined);
    this.mask = Array.from({ length: batchSize }, () => []);
    this.realCount = new Array(batchSize).fill(0);
  }

  get batchSize(): number {
    return this.mask.length;
  }

  /** Cached positions (the same for every row; padding included). */
  get length(): number {
    return this.mask[0]?.length ?? 0;
  }

  /** Append this step's keys/values [B, Hkv, T, dh] for `layer`; returns the full [B, Hkv, S+T, dh] pair. */
  append(layer: number, key: tf.Tensor, value: tf.Tensor): { key: tf.Tensor; value: tf.Tensor } {
    const oldK = this.keys[layer];
    const oldV = this.values[layer];
    const k = oldK ? tf.concat([oldK, key], 2) : key.clone();
    const v = oldV ? tf.concat([oldV, value], 2) : value.clone();
    this.keys[layer] = tf.keep(k);
    this.values[layer] = tf.keep(v);
    oldK?.dispose();
    oldV?.dispose();
    return { key: k, value: v };
  }

  /** After a forward: record the mask of the positions just appended and advance the position counters. */
  commit(stepMask: number[][]): void {
    stepMask.forEach((row, b) => {
      for (const m of row) {
        this.mask[b].push(m);
        if (m) this.realCount[b]++;
      }
    });
  }

  /** Keep rows `rows` (in that order, repeats allowed): beam search reorders its beams this way. */
  reorder(rows: number[]): void {
    if (rows.every((r, i) => r === i) && rows.length === this.batchSize) return;
    for (let l = 0; l < this.numLayers; l++) {
      for (const store of [this.keys, this.values]) {
        const old = store[l];
        if (!old) continue;
        store[l] = tf.keep(permuteRows(old, rows));
        old.dispose();
      }
    }
    this.mask = rows.map((r) => [...this.mask[r]]);
    this.realCount = rows.map((r) => this.realCount[r]);
  }

  dispose(): void {
    for (const t of [...this.keys, ...this.values]) t?.dispose();
    this.keys.fill(undefined);
    this.values.fill(undefined);
  }
}

/**
 * Rows of x (axis 0) in the order `rows`, copied in JS: tfjs-wasm's gather walks elements one by one and is
 * ~10x slower than reading the tensor back and copying whole rows (measured: 136 ms vs 14 ms for
 * [80, 4, 100, 64]).
 */
function permuteRows(x: tf.Tensor, rows: number[]): tf.Tensor {
  const data = x.dataSync() as Float32Array;
  const n = data.length / x.shape[0];
  const out = new Float32Array(rows.length * n);
  rows.forEach((r, i) => out.set(data.subarray(r * n, (r + 1) * n), i * n));
  return tf.tensor(out, [rows.length, ...x.shape.slice(1)], 'float32');
}
