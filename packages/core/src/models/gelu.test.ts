import { beforeAll, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { geluExact } from './base.ts';
import { initBackendForTests } from '../testing.ts';

beforeAll(initBackendForTests);

test('exact GELU: value and hand-written gradient equal the autodiff of x·Φ(x)', () => {
  const x = tf.linspace(-4, 4, 81);
  const reference = (z: tf.Tensor) => tf.mul(z, tf.mul(0.5, tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2)))));
  const got = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(geluExact(z), tf.range(0, 81))))(x).dataSync();
  const want = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(reference(z), tf.range(0, 81))))(x).dataSync();
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 4));
  const v = geluExact(x).dataSync();
  const r = reference(x).dataSync();
  v.forEach((a, i) => expect(a).toBeCloseTo(r[i], 6));
});
