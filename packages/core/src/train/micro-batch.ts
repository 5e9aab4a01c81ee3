/**
 * One batch's gradients computed in micro-batches (rows split in order), combined so that the result equals
 * the full batch's gradient: each micro-batch's mean loss is weighted by its share of what the task loss
 * averages over (rows for sequence-level losses, kept label tokens for token-level ones: token
 * classification, masked LM, causal LM after the shift, seq2seq). Used when the memory plan chooses
 * micro-batches (`--micro-batch auto`). Dropout draws its masks per forward, so with dropout on, the masks
 * differ from one full-batch forward (as in any gradient-accumulation setup); without dropout the gradients
 * agree to float rounding.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreTrainedModel } from '../models/base.ts';
import { IGNORE_INDEX, type Batch } from './losses.ts';
import { gradientsOf, type LossFn } from './trainer.ts';

/** Split a batch's rows into micro-batches of `size` rows (the last may be smaller). */
export function splitBatch(batch: Batch, size: number): Batch[] {
  const rows = batch.inputIds.length;
  if (size >= rows) return [batch];
  const out: Batch[] = [];
  for (let s = 0; s < rows; s += size) {
    const part: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(batch)) part[k] = Array.isArray(v) && v.length === rows ? v.slice(s, s + size) : v;
    out.push(part as unknown as Batch);
  }
  return out;
}

/** What the task loss averages over in this batch: label tokens kept (token-level) or rows. */
export function lossWeight(model: PreTrainedModel, batch: Batch): number {
  const labels = (batch as { labels?: unknown[] }).labels;
  if (!labels || labels.length === 0 || !Array.isArray(labels[0])) return batch.inputIds.length;
  const shifted = model.task === 'causal-lm' && !(model as { isEncoderDecoder?: boolean }).isEncoderDecoder;
  let n = 0;
  for (const row of labels as number[][]) for (let t = shifted ? 1 : 0; t < row.length; t++) if (row[t] !== IGNORE_INDEX) n += 1;
  return n;
}

/** Gradients of the batch's loss for `names`, computed `microBatch` rows at a time. */
export function gradientsInMicroBatches(model: PreTrainedModel, batch: Batch, names: string[], microBatch: number, opts: { training?: boolean; labelSmoothing?: number; loss?: LossFn } = {}): { loss: number; grads: Map<string, tf.Tensor> } {
  const parts = splitBatch(batch, microBatch);
  if (parts.length === 1) return gradientsOf(model, batch, names, opts);
  const weights = parts.map((p) => lossWeight(model, p));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let loss = 0;
  let grads: Map<string, tf.Tensor> | null = null;
  parts.forEach((part, i) => {
    const w = weights[i] / total;
    if (w === 0) return;
    const r = gradientsOf(model, part, names, opts);
    loss += w * r.loss;
    for (const [k, g] of r.grads) {
      const scaled = tf.mul(g, w);
      g.dispose();
      const prev = grads?.get(k);
      if (prev) {
        grads!.set(k, tf.add(prev, scaled));
        prev.dispose();
        scaled.dispose();
      } else (grads ??= new Map()).set(k, scaled);
    }
  });
  return { loss, grads: grads ?? new Map() };
}
