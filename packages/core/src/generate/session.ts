/**
 * The state of one batched decoding run: every row's tokens and attention mask so far, and (with the
 * cache) the keys/values of the tokens already fed. `nextScores()` runs the model on what is new —
 * the whole prompt first, then one token per step with the cache, or the whole sequence again without —
 * and returns each row's next-token scores. Both paths see the same positions (derived from the mask),
 * so they give the same results up to float round-off.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DecoderModel } from '../models/decoder-base.ts';
import type { KvCache } from '../models/decoder-cache.ts';

/** What greedy and beam search need from a decoding run (decoder-only or encoder-decoder). */
export interface SearchSession {
  /** Every row's tokens so far (what the search extends and returns). */
  sequences: number[][];
  readonly length: number;
  nextScores(logSoftmax: boolean): Float32Array[];
  append(tokens: number[]): void;
  reorder(rows: number[]): void;
}

export class DecodeSession implements SearchSession {
  sequences: number[][];
  masks: number[][];
  private readonly cache?: KvCache;
  /** How many leading positions of every row the cache already holds. */
  private fed = 0;

  constructor(
    private readonly model: DecoderModel,
    inputIds: number[][],
    attentionMask: number[][],
    useCache: boolean,
  ) {
    this.sequences = inputIds.map((r) => [...r]);
    this.masks = attentionMask.map((r) => [...r]);
    if (useCache) this.cache = model.newCache(inputIds.length);
    model.beginInference();
  }

  get length(): number {
    return this.sequences[0].length;
  }

  /** Next-token scores per row: raw logits, or their log-softmax (beam search). */
  nextScores(logSoftmax: boolean): Float32Array[] {
    const rows = this.sequences.length;
    const data = tf.tidy(() => {
      const from = this.cache ? this.fed : 0;
      const input = { inputIds: this.sequences.map((r) => r.slice(from)), attentionMask: this.masks.map((r) => r.slice(from)) };
      const out = this.model.forward(input, { cache: this.cache, lastLogitsOnly: true });
      const V = out.logits!.shape[2] as number;
      return tf.reshape(out.logits!, [rows, V]);
    });
    this.fed = this.length;
    const flat = data.dataSync() as Float32Array;
    const V = data.shape[1] as number;
    data.dispose();
    const out = Array.from({ length: rows }, (_, r) => flat.slice(r * V, (r + 1) * V));
    if (logSoftmax) out.forEach(logSoftmaxInPlace);
    return out;
  }

  /** Append one token per row (attention mask 1, as HF extends it for every row, finished or not). */
  append(tokens: number[]): void {
    tokens.forEach((t, r) => {
      this.sequences[r].push(t);
      this.masks[r].push(1);
    });
  }

  /** Keep rows `rows` in this order (beam search), cache included. */
  reorder(rows: number[]): void {
    this.sequences = rows.map((r) => [...this.sequences[r]]);
    this.masks = rows.map((r) => [...this.masks[r]]);
    this.cache?.reorder(rows);
  }

  dispose(): void {
    this.cache?.dispose();
    this.model.endInference();
  }
}

/**
 * log-softmax of one row, in float64 then rounded to float32 (at least as exact as torch's float32
 * log_softmax; done here because tfjs-wasm's is several full passes over [rows, vocab]).
 */
export function logSoftmaxInPlace(x: Float32Array): void {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > max) max = x[i];
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.exp(x[i] - max);
  const lse = max + Math.log(sum);
  for (let i = 0; i < x.length; i++) x[i] = Math.fround(x[i] - lse);
}
