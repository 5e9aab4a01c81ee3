/**
 * One batched encoder-decoder decoding run (T5): the encoder runs once, in the constructor; every row's
 * decoder sequence starts with `decoder_start_token_id`. With the cache, each `nextScores()` feeds only the
 * new decoder tokens (self-attention keys/values grow, cross-attention keys/values are computed on the first
 * step and reused); without it, the whole decoder sequence is re-run against the same encoder output (as HF
 * generate(use_cache=False) does). Beam search reorders rows: encoder output, mask and cache follow.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { T5Model, EncoderState } from '../models/t5.ts';
import type { Seq2SeqCache } from '../models/t5-cache.ts';
import { logSoftmaxInPlace, type SearchSession } from './session.ts';

export class Seq2SeqSession implements SearchSession {
  /** Decoder sequences: start token, then the generated ids. */
  sequences: number[][];
  private encoderIds: number[][];
  private encoder: EncoderState;
  readonly cache?: Seq2SeqCache;
  /** Decoder positions the cache already holds. */
  private fed = 0;

  constructor(
    private readonly model: T5Model,
    inputIds: number[][],
    attentionMask: number[][],
    decoderStart: number,
    useCache: boolean,
  ) {
    this.encoderIds = inputIds.map((r) => [...r]);
    this.encoder = tf.tidy(() => {
      const { state } = model.encode({ inputIds, attentionMask });
      return { hidden: tf.keep(state.hidden), attentionMask: state.attentionMask };
    });
    this.sequences = inputIds.map(() => [decoderStart]);
    if (useCache) this.cache = model.newCache(inputIds.length);
  }

  get length(): number {
    return this.sequences[0].length;
  }

  nextScores(logSoftmax: boolean): Float32Array[] {
    const rows = this.sequences.length;
    const data = tf.tidy(() => {
      const from = this.cache ? this.fed : 0;
      const out = this.model.forward(
        { inputIds: this.encoderIds, attentionMask: this.encoder.attentionMask, decoderInputIds: this.sequences.map((r) => r.slice(from)) },
        { encoderState: this.encoder, cache: this.cache, lastLogitsOnly: true },
      );
      return tf.reshape(out.logits!, [rows, this.model.vocabSize]);
    });
    this.fed = this.length;
    const flat = data.dataSync() as Float32Array;
    const V = data.shape[1] as number;
    data.dispose();
    const out = Array.from({ length: rows }, (_, r) => flat.slice(r * V, (r + 1) * V));
    if (logSoftmax) out.forEach(logSoftmaxInPlace);
    return out;
  }

  append(tokens: number[]): void {
    tokens.forEach((t, r) => this.sequences[r].push(t));
  }

  reorder(rows: number[]): void {
    if (rows.length === this.sequences.length && rows.every((r, i) => r === i)) return;
    this.sequences = rows.map((r) => [...this.sequences[r]]);
    this.encoderIds = rows.map((r) => this.encoderIds[r]);
    const idx = tf.tensor1d(rows, 'int32');
    const hidden = tf.keep(tf.gather(this.encoder.hidden, idx));
    idx.dispose();
    this.encoder.hidden.dispose();
    this.encoder = { hidden, attentionMask: rows.map((r) => this.encoder.attentionMask[r]) };
    this.cache?.reorder(rows);
  }

  dispose(): void {
    this.encoder.hidden.dispose();
    this.cache?.dispose();
  }
}
