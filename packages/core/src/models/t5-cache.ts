/**
 * The encoder-decoder KV cache: decoder self-attention keys/values grow by one step per call (a `KvCache`
 * over the decoder layers), cross-attention keys/values are computed from the encoder output once, on the
 * first call, and reused by every later step. `reorder` permutes both (beam search).
 *
 * Tensors held here are tf.keep()-ed: they survive the caller's tidy; `dispose()` frees them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { KvCache } from './decoder-cache.ts';

export class Seq2SeqCache {
  readonly self: KvCache;
  private cross: ({ key: tf.Tensor; value: tf.Tensor } | undefined)[];

  constructor(
    readonly numDecoderLayers: number,
    batchSize: number,
  ) {
    this.self = new KvCache(numDecoderLayers, batchSize);
    this.cross = new Array(numDecoderLayers).fill(undefined);
  }

  get batchSize(): number {
    return this.self.batchSize;
  }

  /** Decoder positions already cached. */
  get length(): number {
    return this.self.length;
  }

  /** How many times cross-attention keys/values were computed (once per layer per cache). */
  crossComputations = 0;

  /** Cross-attention keys/values [B, H, S_enc, dh] of decoder layer `layer`: `compute()` runs on the first call only. */
  crossKv(layer: number, compute: () => { key: tf.Tensor; value: tf.Tensor }): { key: tf.Tensor; value: tf.Tensor } {
    let kv = this.cross[layer];
    if (!kv) {
      const fresh = compute();
      kv = { key: tf.keep(fresh.key.clone()), value: tf.keep(fresh.value.clone()) };
      this.cross[layer] = kv;
      this.crossComputations++;
    }
    return kv;
  }

  /** Keep rows `rows` (in that order, repeats allowed). */
  reorder(rows: number[]): void {
    if (rows.length === this.batchSize && rows.every((r, i) => r === i)) return;
    this.self.reorder(rows);
    this.cross = this.cross.map((kv) => {
      if (!kv) return kv;
      const idx = tf.tensor1d(rows, 'int32');
      const next = { key: tf.keep(tf.gather(kv.key, idx)), value: tf.keep(tf.gather(kv.value, idx)) };
      idx.dispose();
      kv.key.dispose();
      kv.value.dispose();
      return next;
    });
  }

  dispose(): void {
    this.self.dispose();
    for (const kv of this.cross) {
      kv?.key.dispose();
      kv?.value.dispose();
    }
    this.cross.fill(undefined);
  }
}
