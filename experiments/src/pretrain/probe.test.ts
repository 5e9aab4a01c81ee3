import { describe, expect, test } from 'vitest';
import { ridge } from './probe.ts';

describe('ridge (the probes\' closed-form fit)', () => {
  test('recovers the weights of a noiseless linear map, bias included, when λ is small', () => {
    // y = 2·x0 − 3·x1 + 0.5 (bias column last)
    const x = [[1, 0, 1], [0, 1, 1], [2, 1, 1], [-1, 3, 1], [0.5, -2, 1]];
    const y = x.map((r) => [2 * r[0] - 3 * r[1] + 0.5]);
    const w = ridge(x, y, 1e-9);
    expect(w.map((r) => r[0])).toEqual([expect.closeTo(2, 6), expect.closeTo(-3, 6), expect.closeTo(0.5, 6)]);
  });
  test('λ shrinks the weights but not the bias', () => {
    const x = [[1, 1], [-1, 1], [2, 1], [-2, 1]];
    const y = x.map((r) => [r[0] + 5]);
    const w = ridge(x, y, 10);
    // closed form: w0 = Σx·y / (Σx² + λ) = 10 / 20, bias = mean(y) = 5 (the x column is centred)
    expect(w[0][0]).toBeCloseTo(0.5, 9);
    expect(w[1][0]).toBeCloseTo(5, 5);
  });
});
