/**
 * Causal-LM loss as HF's *ForCausalLM heads compute it: position t predicts label t+1 (shift inside),
 * cross-entropy over the vocabulary, targets equal to -100 ignored, mean over the kept targets.
 * Works for left and right padding alike: padding is whatever the labels mark -100.
 *
 * Written with dense ops only (log-softmax, a one-hot product, a row mask): no gather, whose gradient
 * (UnsortedSegmentSum) is not a wasm kernel in stock tfjs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@peftbench/util';

export const LM_IGNORE_INDEX = -100;

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
      if (y === LM_IGNORE_INDEX || (attentionMask && !(attentionMask[b][t] && attentionMask[b][t - 1]))) {
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
 * logits [B, T, V], labels [B][T] (-100 ignored) → mean NLL over kept targets (0 when none is kept).
 * `attentionMask` (optional) also drops targets at or predicted from padding.
 */
export function causalLmLoss(logits: tf.Tensor, labels: number[][], attentionMask?: number[][]): tf.Scalar {
  const [B, T, V] = logits.shape as number[];
  if (labels.length !== B || labels.some((r) => r.length !== T)) throw new InputError(`labels: shape does not match logits [${B}, ${T}]`);
  const { targets, keep, kept } = shiftedTargets(labels, V, attentionMask);
  if (kept === 0 || T < 2) return tf.scalar(0);
  return tf.tidy(() => {
    const shifted = tf.reshape(tf.slice(logits, [0, 0, 0], [B, T - 1, V]), [B * (T - 1), V]);
    const logp = tf.logSoftmax(shifted, -1);
    const nll = tf.neg(tf.sum(tf.mul(logp, tf.oneHot(tf.tensor1d(targets, 'int32'), V)), -1));
    return tf.div(tf.sum(tf.mul(nll, tf.tensor1d(keep, 'float32'))), kept) as tf.Scalar;
  });
}
