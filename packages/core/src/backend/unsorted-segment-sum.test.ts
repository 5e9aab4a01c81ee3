import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@peftbench/util';
import { initBackend } from './index.ts';
import { segmentSumInto, segmentSumShape } from './kernels/unsorted-segment-sum.ts';
import { expectClose, randn, runOn } from './test-helpers.ts';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('segmentSumInto (the arithmetic)', () => {
  it('sums rows by id, drops negative ids, leaves empty segments at zero', () => {
    const x = [1, 2, 10, 20, 100, 200, 1000, 2000]; // 4 rows of 2
    const out = new Float32Array(3 * 2);
    segmentSumInto(x, [2, 0, 2, -1], 2, 3, out);
    expect(Array.from(out)).toEqual([10, 20, 0, 0, 101, 202]);
  });

  it('rejects an id at or above numSegments, naming the index', () => {
    expect(() => segmentSumInto([1, 2], [0, 3], 1, 3, new Float32Array(3))).toThrow(/index 1\]: id 3 is not below numSegments 3/);
  });

  it('checks that segmentIds shape is a prefix of x shape', () => {
    expect(segmentSumShape([4, 3, 5], [4, 3], 7)).toEqual({ outShape: [7, 5], rowSize: 5 });
    expect(() => segmentSumShape([4, 3], [3], 2)).toThrow(InputError);
  });
});

describe('UnsortedSegmentSum kernel on wasm and cpu', () => {
  it('matches a hand-computed result on both backends', async () => {
    const f = () => tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([1, 1, 0], 'int32'), 3);
    for (const backend of ['wasm', 'cpu']) {
      const [out] = await runOn(backend, f);
      expect(out, backend).toEqual([5, 6, 4, 6, 0, 0]);
    }
  });

  it('handles int32 values and rank-2 segment ids', async () => {
    const f = () =>
      tf.unsortedSegmentSum(tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'int32'), tf.tensor2d([[0, 2], [2, 0]], [2, 2], 'int32') as tf.Tensor as tf.Tensor1D, 3);
    const [wasm] = await runOn('wasm', f);
    expect(wasm).toEqual([1 + 7, 2 + 8, 0, 0, 3 + 5, 4 + 6]);
  });

  it('gives the embedding-lookup gradient at vocab 8000 in linear memory, equal on wasm and cpu', async () => {
    // loss = Σ gather(E, ids) ⊙ W  ⇒  dE[v] = Σ_{i: ids[i]=v} W[i]. Stock cpu would build 8000 masks of 2048×64.
    const vocab = 8000;
    const n = 2048;
    const ids = Int32Array.from({ length: n }, (_, i) => (i * 7919) % vocab);
    ids[5] = ids[9]; // a repeated id must accumulate
    const grad = () =>
      tf.grad((e: tf.Tensor) => tf.sum(tf.mul(tf.gather(e, tf.tensor1d(ids, 'int32')), randn([n, 64], 1))))(randn([vocab, 64], 2));
    const [wasm] = await runOn('wasm', grad);
    const [cpu] = await runOn('cpu', grad);
    expectClose(wasm, cpu, 1e-5, 1e-6, 'dE');
    const w = await runOn('cpu', () => randn([n, 64], 1));
    const row = (v: number) => wasm.slice(v * 64, v * 64 + 64);
    expectClose(row(ids[9]), w[0].slice(5 * 64, 6 * 64).map((a, j) => a + w[0][9 * 64 + j]), 1e-5, 1e-6, 'repeated id');
    const unused = ids.includes(1) ? -1 : 1;
    if (unused >= 0) expect(row(unused).every((v) => v === 0)).toBe(true);
  });
});
