/**
 * Seed aggregation rules, one per paper:
 *  - 'mean-std'    : mean and SAMPLE standard deviation (n − 1 in the denominator, like pandas .std() and
 *                    numpy std(ddof=1)) over all seeds — RED reports mean over 5 seeds with std (Table 14);
 *                    the paper does not say which std, so we state ours.
 *  - 'best-k-of-n' : ID3 Table 1 caption, "mean and standard deviation obtained across top three of four
 *                    different runs": rank the n runs, keep the k best, mean and sample std over those k.
 * Runs are ranked by their selection score (the validation metric), never by the number that is reported,
 * so that under 'red-split' the test half plays no part in choosing which seeds count.
 */

export type AggregationRule = { rule: 'mean-std' } | { rule: 'best-k-of-n'; k: number };

export interface Aggregate {
  mean: number;
  /** Sample std (n − 1); null with fewer than 2 values. */
  std: number | null;
  /** Values that went into mean/std. */
  used: number;
  /** Values available. */
  of: number;
  /** best-k-of-n with fewer than k runs: the mean is over all of them and the cell is flagged. */
  incomplete: boolean;
}

export function meanStd(values: readonly number[]): Aggregate {
  if (values.length === 0) throw new Error('meanStd: no values');
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n < 2 ? null : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { mean, std, used: n, of: n, incomplete: false };
}

export interface ScoredRun {
  /** What ranks the run (validation metric). */
  selection: number;
  /** What the table reports (test metric under red-split, dev metric otherwise). */
  reported: number;
}

export function aggregateRuns(runs: readonly ScoredRun[], rule: AggregationRule): Aggregate {
  if (runs.length === 0) throw new Error('aggregateRuns: no runs');
  if (rule.rule === 'mean-std') return meanStd(runs.map((r) => r.reported));
  // stable sort: ties keep their input order (seed order), so the choice is reproducible
  const ranked = runs.map((r, i) => ({ r, i })).sort((a, b) => b.r.selection - a.r.selection || a.i - b.i);
  const kept = ranked.slice(0, rule.k).map(({ r }) => r.reported);
  return { ...meanStd(kept), of: runs.length, incomplete: runs.length < rule.k };
}

/** Best k of n over plain values (selection = reported). */
export function bestKOfN(values: readonly number[], k: number): Aggregate {
  return aggregateRuns(values.map((v) => ({ selection: v, reported: v })), { rule: 'best-k-of-n', k });
}

export function describeRule(rule: AggregationRule, seeds: number): string {
  return rule.rule === 'mean-std'
    ? `mean ± sample std (n − 1) over ${seeds} seed${seeds === 1 ? '' : 's'}`
    : `mean ± sample std of the best ${rule.k} of ${seeds} seeds (ranked by the selection metric)`;
}
