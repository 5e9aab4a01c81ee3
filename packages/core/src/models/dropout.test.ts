import { beforeAll, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { dropoutMaskValues, seededDropout } from './dropout.ts';
import { initBackendForTests } from '../testing.ts';

beforeAll(initBackendForTests);

test('masks: the rate of zeros, the scale of kept entries, same seed same mask, other seed other mask', () => {
  const a = dropoutMaskValues(200_000, 0.1, 7);
  const zeros = a.filter((v) => v === 0).length / a.length;
  expect(zeros).toBeGreaterThan(0.095);
  expect(zeros).toBeLessThan(0.105);
  expect(new Set(a)).toEqual(new Set([0, Math.fround(1 / 0.9)]));
  expect(dropoutMaskValues(200_000, 0.1, 7)).toEqual(a);
  const b = dropoutMaskValues(200_000, 0.1, 8);
  const same = a.reduce((n, v, i) => n + (v === b[i] ? 1 : 0), 0) / a.length;
  expect(same).toBeLessThan(0.9); // independent masks agree on ~0.82 of entries at rate 0.1
  // neighbouring entries are not correlated: P(both dropped) ≈ rate²
  let both = 0;
  for (let i = 1; i < a.length; i++) if (a[i] === 0 && a[i - 1] === 0) both++;
  expect(both / a.length).toBeLessThan(0.02);
  expect(dropoutMaskValues(10, 0, 1).every((v) => v === 1)).toBe(true);
  expect(() => dropoutMaskValues(10, 1, 1)).toThrow(/rate 1/);
});

test('seededDropout: x ⊙ mask, and its gradient is the mask', () => {
  const x = tf.linspace(1, 2, 64).reshape([8, 8]);
  const mask = dropoutMaskValues(64, 0.5, 3);
  const y = seededDropout(x, 0.5, 3).dataSync();
  const xs = x.dataSync();
  y.forEach((v, i) => expect(v).toBeCloseTo(xs[i] * mask[i], 5));
  const g = tf.grad((z: tf.Tensor) => tf.sum(seededDropout(z, 0.5, 3)))(x).dataSync();
  expect(Array.from(g)).toEqual(Array.from(mask));
});
