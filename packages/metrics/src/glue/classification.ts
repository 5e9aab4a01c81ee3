/**
 * Classification metrics with the semantics of scikit-learn 1.2 (the GLUE / HF `glue_compute_metrics`
 * convention): accuracy_score, f1_score(average="binary", pos_label=1) and matthews_corrcoef.
 */
import { InputError } from '@peftbench/util';

export type Label = number | string;

function checkPair(preds: readonly unknown[], labels: readonly unknown[], what: string): void {
  if (preds.length !== labels.length) {
    throw new InputError(`${what}: ${preds.length} predictions but ${labels.length} labels`);
  }
  if (preds.length === 0) throw new InputError(`${what}: empty prediction list`);
}

/** Fraction of exact agreements (sklearn accuracy_score). */
export function accuracy(preds: readonly Label[], labels: readonly Label[]): number {
  checkPair(preds, labels, 'accuracy');
  let hit = 0;
  for (let i = 0; i < preds.length; i++) if (preds[i] === labels[i]) hit++;
  return hit / preds.length;
}

/**
 * Binary F1 of the positive class (sklearn f1_score, pos_label=1). When there is no true positive the
 * value is 0.0 (sklearn's zero_division default, which also warns when nothing is positive at all).
 */
export function f1Binary(preds: readonly Label[], labels: readonly Label[], positive: Label = 1): number {
  checkPair(preds, labels, 'f1Binary');
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < preds.length; i++) {
    const p = preds[i] === positive, l = labels[i] === positive;
    if (p && l) tp++;
    else if (p) fp++;
    else if (l) fn++;
  }
  if (tp === 0) return 0;
  return (2 * tp) / (2 * tp + fp + fn);
}

/**
 * Matthews correlation coefficient for any number of classes (sklearn's multiclass formula, Gorodkin
 * 2004): (c·s − Σ p_k t_k) / sqrt((s² − Σ p_k²)(s² − Σ t_k²)); 0.0 when a denominator term is 0.
 */
export function matthewsCorrcoef(preds: readonly Label[], labels: readonly Label[]): number {
  checkPair(preds, labels, 'matthewsCorrcoef');
  const predCount = new Map<Label, number>(), trueCount = new Map<Label, number>();
  let correct = 0;
  for (let i = 0; i < preds.length; i++) {
    predCount.set(preds[i], (predCount.get(preds[i]) ?? 0) + 1);
    trueCount.set(labels[i], (trueCount.get(labels[i]) ?? 0) + 1);
    if (preds[i] === labels[i]) correct++;
  }
  const s = preds.length;
  let pt = 0, pp = 0, tt = 0;
  for (const [k, p] of predCount) { pp += p * p; pt += p * (trueCount.get(k) ?? 0); }
  for (const t of trueCount.values()) tt += t * t;
  const cov = correct * s - pt;
  const denom = Math.sqrt((s * s - pp) * (s * s - tt));
  return denom === 0 ? 0 : cov / denom;
}
