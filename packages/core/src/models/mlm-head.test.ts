import { beforeAll, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, parseHfConfig } from './index.ts';
import { initBackendForTests, tinyEncoderConfig, toyBatches } from '../testing.ts';

beforeAll(initBackendForTests);

test('masked LM logits at selected positions equal those rows of the full logits', () => {
  const m = createModel(parseHfConfig(tinyEncoderConfig()), 'masked-lm', { seed: 3 });
  const b = toyBatches(1, 1, 3)[0];
  const T = b.inputIds[0].length;
  const positions = [0, 2, T + 1, 2 * T + 3];
  const full = tf.tidy(() => m.forward(b).logits!.reshape([3 * T, 40]).arraySync() as number[][]);
  const some = tf.tidy(() => m.forward(b, { logitPositions: positions }).logits!.arraySync() as number[][]);
  expect(some.length).toBe(positions.length);
  positions.forEach((p, i) => some[i].forEach((x, j) => expect(x).toBeCloseTo(full[p][j], 5)));
  m.dispose();
});
