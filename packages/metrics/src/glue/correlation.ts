/**
 * Correlations with SciPy 1.10 semantics: pearsonr (NaN for a constant input) and spearmanr (Pearson
 * of average ranks, ties share the mean rank).
 */
import { InputError } from '@peftbench/util';

function check(x: readonly number[], y: readonly number[], what: string): void {
  if (x.length !== y.length) throw new InputError(`${what}: ${x.length} predictions but ${y.length} labels`);
  if (x.length < 2) throw new InputError(`${what}: needs at least 2 pairs, got ${x.length}`);
}

export function pearson(preds: readonly number[], labels: readonly number[]): number {
  check(preds, labels, 'pearson');
  const n = preds.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += preds[i]; my += labels[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = preds[i] - mx, dy = labels[i] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN; // SciPy: ConstantInputWarning, r = nan
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r)); // SciPy clips rounding excursions
}

/** Average ranks (1-based), ties get the mean of the ranks they span (scipy.stats.rankdata 'average'). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = rank;
    i = j + 1;
  }
  return ranks;
}

export function spearman(preds: readonly number[], labels: readonly number[]): number {
  check(preds, labels, 'spearman');
  return pearson(averageRanks(preds), averageRanks(labels));
}
