import { describe, expect, test } from 'vitest';
import { subsample } from './subsample.ts';

describe('subsample', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i);
  test('limit and fraction, deterministic per seed, original order kept', () => {
    const a = subsample(xs, { limit: 10, seed: 1 });
    expect(a).toHaveLength(10);
    expect(a).toEqual([...a].sort((p, q) => p - q));
    expect(subsample(xs, { limit: 10, seed: 1 })).toEqual(a);
    expect(subsample(xs, { limit: 10, seed: 2 })).not.toEqual(a);
    expect(subsample(xs, { fraction: 0.25, seed: 1 })).toHaveLength(25);
    expect(subsample(xs, { fraction: 0.25, limit: 5, seed: 1 })).toHaveLength(5);
  });
  test('a larger limit is a superset of a smaller one; limit above size returns all', () => {
    const small = subsample(xs, { limit: 10, seed: 4 });
    const big = subsample(xs, { limit: 30, seed: 4 });
    expect(small.every((x) => big.includes(x))).toBe(true);
    expect(subsample(xs, { limit: 1000, seed: 4 })).toEqual(xs);
  });
  test('bad values', () => {
    expect(() => subsample(xs, { fraction: 0, seed: 1 })).toThrow(/fraction must be in \(0, 1\]/);
    expect(() => subsample(xs, { limit: 2.5, seed: 1 })).toThrow(/limit must be a positive integer/);
  });
});
