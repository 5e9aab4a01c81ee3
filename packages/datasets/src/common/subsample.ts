import { InputError, Rng } from '@peftbench/util';

export interface SubsampleOptions {
  /** Keep at most this many examples. */
  limit?: number;
  /** Keep this fraction (0, 1] of the examples (rounded down, at least 1). */
  fraction?: number;
  seed: number;
}

/**
 * Deterministic subsample of one split (`--limit` / fraction): a seeded shuffle picks which examples,
 * and the kept ones stay in their original order, so the same seed always gives the same subset and a
 * larger limit gives a superset of a smaller one.
 */
export function subsample<T>(items: readonly T[], opts: SubsampleOptions): T[] {
  let n = items.length;
  if (opts.fraction !== undefined) {
    if (!(opts.fraction > 0 && opts.fraction <= 1)) throw new InputError(`subsample: fraction must be in (0, 1], got ${opts.fraction}`);
    n = Math.max(1, Math.floor(items.length * opts.fraction));
  }
  if (opts.limit !== undefined) {
    if (!Number.isInteger(opts.limit) || opts.limit < 1) throw new InputError(`subsample: limit must be a positive integer, got ${opts.limit}`);
    n = Math.min(n, opts.limit);
  }
  if (n >= items.length) return items.slice();
  const order = new Rng(opts.seed).shuffle(items.map((_, i) => i));
  return order.slice(0, n).sort((a, b) => a - b).map((i) => items[i]);
}
