/** Helpers shared by this folder's tests (not exported from the package). */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { Rng } from '@peftbench/util';
import { silenceCpuBanner } from './loaders.ts';

/** Run `fn` with `backend` current and return every output as a plain number array; restores the backend. */
export async function runOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  silenceCpuBanner();
  try {
    const outs = tf.tidy(fn);
    const list = Array.isArray(outs) ? outs : [outs];
    const values = list.map((t) => Array.from(t.dataSync()));
    tf.dispose(list);
    return values;
  } finally {
    await tf.setBackend(previous);
  }
}

/** Elementwise |a − e| ≤ atol + rtol·|e|, reporting the worst index on failure. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-4, atol = 1e-5, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= worstExcess)) {
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
      worst = i;
    }
  }
  if (worst >= 0) {
    expect.fail(`${label}: index ${worst}: got ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
  }
}

/** Deterministic normal(0, 1) values from the seeded Rng. */
export function normals(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** A float32 tensor of deterministic normals. */
export function randn(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(normals(shape.reduce((a, b) => a * b, 1), seed), shape);
}
