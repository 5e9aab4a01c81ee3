import { describe, expect, test } from 'vitest';
import { aggregateRuns, bestKOfN, meanStd } from './aggregate.ts';

describe('meanStd (sample std, n − 1)', () => {
  test('known values', () => {
    // mean 5; squared deviations 9,1,1,9 sum 20; sample variance 20/3
    const a = meanStd([2, 4, 6, 8]);
    expect(a.mean).toBe(5);
    expect(a.std).toBeCloseTo(Math.sqrt(20 / 3), 12); // 2.581988897…
    expect(a.std).toBeCloseTo(2.5819888974716, 12);
    expect([a.used, a.of, a.incomplete]).toEqual([4, 4, false]);
  });
  test('one value has no std', () => {
    expect(meanStd([0.7])).toEqual({ mean: 0.7, std: null, used: 1, of: 1, incomplete: false });
  });
  test('empty input is an error', () => {
    expect(() => meanStd([])).toThrow(/no values/);
  });
});

describe('best k of n', () => {
  test('best 3 of 4 drops the worst run (ID3 Table 1 rule)', () => {
    const a = bestKOfN([88.0, 91.0, 85.0, 90.0], 3);
    expect(a.mean).toBeCloseTo((91 + 90 + 88) / 3, 12); // 89.666…
    expect(a.std).toBeCloseTo(Math.sqrt(((91 - 89.6666666667) ** 2 + (90 - 89.6666666667) ** 2 + (88 - 89.6666666667) ** 2) / 2), 8); // 1.527525
    expect(a.std).toBeCloseTo(1.5275252317, 8);
    expect([a.used, a.of, a.incomplete]).toEqual([3, 4, false]);
  });
  test('runs are ranked by the selection score, and the reported score is averaged', () => {
    const a = aggregateRuns(
      [
        { selection: 0.9, reported: 70 },
        { selection: 0.5, reported: 99 }, // best reported number, but worst on validation: dropped
        { selection: 0.8, reported: 72 },
        { selection: 0.7, reported: 74 },
      ],
      { rule: 'best-k-of-n', k: 3 },
    );
    expect(a.mean).toBe(72);
    expect(a.std).toBe(2);
  });
  test('fewer runs than k: mean over all, flagged incomplete', () => {
    const a = bestKOfN([80, 82], 3);
    expect(a.mean).toBe(81);
    expect([a.used, a.of, a.incomplete]).toEqual([2, 2, true]);
  });
  test('mean-std over the reported values ignores the selection scores', () => {
    expect(aggregateRuns([{ selection: 1, reported: 10 }, { selection: 0, reported: 20 }], { rule: 'mean-std' }).mean).toBe(15);
  });
});
