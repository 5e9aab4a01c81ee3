/**
 * Training losses per task, as Hugging Face's heads compute them: cross-entropy (with label smoothing as
 * torch defines it) for classification, MSE for regression (num_labels = 1), per-token cross-entropy with
 * -100 ignored for token classification and masked LM, shifted per-token cross-entropy for causal LM.
 * Dense ops only (log-softmax, a one-hot product, a row mask): no gather, whose gradient
 * (UnsortedSegmentSum) is not a wasm kernel in stock tfjs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelInput } from '../hooks.ts';
import type { ForwardOutput, PreTrainedModel } from '../models/base.ts';
import { InputError } from '@peftbench/util';

export const IGNORE_INDEX = -100;

/** A training batch: model input plus labels ([B] for sequence tasks, [B, T] for token / LM tasks). */
export type Batch = ModelInput & { labels: number[] | number[][] };

/**
 * Mean cross-entropy over the rows whose label is not -100. logits [N, C], labels [N].
 * Label smoothing ε (torch): (1-ε)·(-log p_y) + ε·mean_c(-log p_c).
 */
export function crossEntropy(logits: tf.Tensor2D, labels: number[], labelSmoothing = 0): tf.Scalar {
  const [N, C] = logits.shape;
  const keep: number[] = labels.map((y) => (y === IGNORE_INDEX ? 0 : 1));
  const kept = keep.reduce((a, b) => a + b, 0);
  if (kept === 0) return tf.scalar(0);
  for (const y of labels) if (y !== IGNORE_INDEX && (y < 0 || y >= C || !Number.isInteger(y))) throw new Error(`label ${y} outside [0, ${C})`);
  const logp = tf.logSoftmax(logits, -1);
  const target = tf.oneHot(tf.tensor1d(labels.map((y) => (y === IGNORE_INDEX ? 0 : y)), 'int32'), C);
  let perRow = tf.neg(tf.sum(tf.mul(logp, target), -1)); // [N]
  if (labelSmoothing > 0) perRow = tf.add(tf.mul(perRow, 1 - labelSmoothing), tf.mul(tf.neg(tf.mean(logp, -1)), labelSmoothing));
  return tf.div(tf.sum(tf.mul(perRow, tf.tensor1d(keep, 'float32'))), kept) as tf.Scalar;
}

/**
 * Which shifted targets count: for labels [B][T], keep [B·(T-1)] (1 = target t+1 is scored). With an
 * attention mask, a target whose predicting position is padding is dropped too (the first real token of a
 * left-padded row), as the fixtures' labels_valid do.
 */
export function shiftedTargets(labels: number[][], vocabSize: number, attentionMask?: number[][]): { targets: number[]; keep: number[]; kept: number } {
  const targets: number[] = [];
  const keep: number[] = [];
  labels.forEach((row, b) => {
    for (let t = 1; t < row.length; t++) {
      const y = row[t];
      if (y === IGNORE_INDEX || (attentionMask && !(attentionMask[b][t] && attentionMask[b][t - 1]))) {
        targets.push(0);
        keep.push(0);
        continue;
      }
      if (!Number.isInteger(y) || y < 0 || y >= vocabSize) throw new InputError(`labels [${b}][${t}]: ${y} is neither -100 nor a token id in [0, ${vocabSize})`);
      targets.push(y);
      keep.push(1);
    }
  });
  return { targets, keep, kept: keep.reduce((a, k) => a + k, 0) };
}

/**
 * Causal-LM loss as HF's *ForCausalLM heads compute it: position t predicts label t+1 (shift inside),
 * works for left and right padding alike (padding is whatever the labels mark -100).
 * logits [B, T, V], labels [B][T] (-100 ignored) → mean NLL over kept targets (0 when none is kept).
 * `attentionMask` (optional) also drops targets at or predicted from padding; `labelSmoothing` as torch
 * defines it (crossEntropy).
 */
export function causalLmLoss(logits: tf.Tensor, labels: number[][], attentionMask?: number[][], labelSmoothing = 0): tf.Scalar {
  const [B, T, V] = logits.shape as number[];
  if (labels.length !== B || labels.some((r) => r.length !== T)) throw new InputError(`labels: shape does not match logits [${B}, ${T}]`);
  const { targets, keep, kept } = shiftedTargets(labels, V, attentionMask);
  if (kept === 0 || T < 2) return tf.scalar(0);
  return tf.tidy(() => {
    const shifted = tf.reshape(tf.slice(logits, [0, 0, 0], [B, T - 1, V]), [B * (T - 1), V]) as tf.Tensor2D;
    return crossEntropy(shifted, targets.map((y, i) => (keep[i] ? y : IGNORE_INDEX)), labelSmoothing);
  });
}

/**
 * Encoder-decoder LM loss (HF T5ForConditionalGeneration): logits [B, T, V] for decoder inputs
 * shift-right(labels), labels [B][T] (-100 ignored), no shift here; mean NLL over kept targets.
 */
export function seq2seqLmLoss(logits: tf.Tensor, labels: number[][], labelSmoothing = 0): tf.Scalar {
  const [B, T, V] = logits.shape as number[];
  if (labels.length !== B || labels.some((r) => r.length !== T)) throw new InputError(`labels: shape does not match the decoder logits [${B}, ${T}]`);
  labels.forEach((row, b) =>
    row.forEach((y, t) => {
      if (y !== IGNORE_INDEX && (!Number.isInteger(y) || y < 0 || y >= V)) throw new InputError(`labels [${b}][${t}]: ${y} is neither -100 nor a token id in [0, ${V})`);
    }),
  );
  return tf.tidy(() => crossEntropy(tf.reshape(logits, [B * T, V]) as tf.Tensor2D, labels.flat(), labelSmoothing));
}

/** The loss of `out` (a forward of `model`) against the batch labels, by the model's task. */
export function taskLoss(model: PreTrainedModel, out: ForwardOutput, batch: Batch, labelSmoothing = 0): tf.Scalar {
  const logits = out.logits;
  if (!logits) throw new Error(`a '${model.task}' model has no logits to train on`);
  // Token insertion may have rewritten the labels; the transformed input carries them.
  const labels = (out.input.labels ?? batch.labels) as number[] | number[][];
  switch (model.task) {
    case 'sequence-classification': {
      const flat = labels as number[];
      if (logits.shape[1] === 1) return tf.losses.meanSquaredError(tf.tensor1d(flat, 'float32'), logits.reshape([-1])) as tf.Scalar;
      return crossEntropy(logits as tf.Tensor2D, flat, labelSmoothing);
    }
    case 'token-classification':
    case 'masked-lm': {
      const [B, T, C] = logits.shape;
      return crossEntropy(logits.reshape([B * T, C]) as tf.Tensor2D, (labels as number[][]).flat(), labelSmoothing);
    }
    case 'causal-lm':
      // encoder-decoder (T5): the decoder was fed shift-right(labels), so position t predicts labels[t]
      if ((model as { isEncoderDecoder?: boolean }).isEncoderDecoder) return seq2seqLmLoss(logits, labels as number[][], labelSmoothing);
      return causalLmLoss(logits, labels as number[][], undefined, labelSmoothing);
    default:
      throw new Error(`task '${model.task}' has no training loss`);
  }
}

/** Forward + loss in one call (inside the caller's tidy / gradient scope). */
export function computeLoss(model: PreTrainedModel, batch: Batch, opts: { training?: boolean; labelSmoothing?: number } = {}): tf.Scalar {
  const out = model.forward(batch, { training: opts.training ?? true });
  return taskLoss(model, out, batch, opts.labelSmoothing ?? 0);
}
