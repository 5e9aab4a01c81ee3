import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, setBackendFixes } from './index.ts';
import { leadingReduction, sumMiddleInto } from './kernels/sum.ts';
import { unpackInto } from './kernels/unpack.ts';
import { expectClose, randn, runOn } from './test-helpers.ts';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('Unpack (wasm block copies)', () => {
  it('unpackInto copies slice k along the middle axis', () => {
    const x = Float32Array.from({ length: 12 }, (_, i) => i); // [2, 3, 2]
    const outs = [0, 1, 2].map(() => new Float32Array(4));
    unpackInto(x, 2, 3, 2, outs);
    expect(outs.map((o) => Array.from(o))).toEqual([[0, 1, 6, 7], [2, 3, 8, 9], [4, 5, 10, 11]]);
  });

  for (const axis of [0, 1, 2, -1]) {
    it(`tf.unstack axis ${axis} equals cpu, for float32 and int32`, async () => {
      const f = () => [...tf.unstack(randn([3, 4, 5], 7), axis), ...tf.unstack(tf.range(0, 60, 1, 'int32').reshape([3, 4, 5]), axis)];
      const wasm = await runOn('wasm', f);
      const cpu = await runOn('cpu', f);
      expect(wasm).toEqual(cpu);
    });
  }

  it('gradient of stack (which is unstack) is exact', async () => {
    const f = () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.stack(tf.unstack(x, 1), 0), randn([4, 3, 5], 2))))(randn([3, 4, 5], 1));
    expect(await runOn('wasm', f)).toEqual(await runOn('cpu', f));
  });
});

describe('Sum over leading/middle axes (wasm)', () => {
  it('leadingReduction finds [outer, reduced, inner] only for contiguous axes', () => {
    expect(leadingReduction([2, 3, 4, 5], [1, 2])).toEqual({ outer: 2, reduced: 12, inner: 5 });
    expect(leadingReduction([2, 3, 4], [0])).toEqual({ outer: 1, reduced: 2, inner: 12 });
    expect(leadingReduction([2, 3, 4], [0, 2])).toBeNull();
  });

  it('sumMiddleInto sums the middle axis', () => {
    const out = new Float32Array(4);
    sumMiddleInto(Float32Array.from({ length: 12 }, (_, i) => i), 2, 3, 2, out); // [2, 3, 2] over axis 1
    expect(Array.from(out)).toEqual([0 + 2 + 4, 1 + 3 + 5, 6 + 8 + 10, 7 + 9 + 11]);
  });

  const cases: Array<[number[], number | number[], boolean]> = [
    [[2048, 96], 0, false], // bias gradient: the matMul path
    [[16, 128, 96], [0, 1], false],
    [[16, 128, 96], [0, 1], true],
    [[6, 7, 8], 1, false], // middle axis: the JS path
    [[6, 7, 8], 1, true],
    [[6, 7, 8], -1, false], // innermost: the stock kernel
    [[6, 7, 8], [0, 2], false], // not contiguous: the stock kernel
  ];
  for (const [shape, axis, keepDims] of cases) {
    it(`sum [${shape}] axis ${JSON.stringify(axis)} keepDims ${keepDims} equals cpu`, async () => {
      const f = () => tf.sum(randn(shape, 3), axis, keepDims);
      const [wasm] = await runOn('wasm', f);
      const [cpu] = await runOn('cpu', f);
      const shapeOnWasm = await runOn('wasm', () => tf.tensor(f().shape));
      const shapeOnCpu = await runOn('cpu', () => tf.tensor(f().shape));
      expect(shapeOnWasm).toEqual(shapeOnCpu);
      expectClose(wasm, cpu, 1e-5, 1e-4, 'sum');
    });
  }

  it('int32 sums stay int32 and exact', async () => {
    const f = () => {
      const s = tf.sum(tf.range(0, 24, 1, 'int32').reshape([2, 3, 4]), 1);
      return [s, tf.tensor1d([s.dtype === 'int32' ? 1 : 0])];
    };
    const [values, isInt] = await runOn('wasm', f);
    expect(values).toEqual([12, 15, 18, 21, 48, 51, 54, 57]);
    expect(isInt).toEqual([1]);
  });

  it('stock kernels come back when the fixes are turned off (bench "before"), with equal results', async () => {
    const f = () => [tf.sum(randn([64, 32], 5), 0), ...tf.unstack(randn([4, 3], 6))];
    const fixed = await runOn('wasm', f);
    const ourSum = tf.getKernel('Sum', 'wasm');
    setBackendFixes({ sum: false, unpack: false });
    try {
      expect(tf.getKernel('Sum', 'wasm')).not.toBe(ourSum);
      expect(tf.getKernel('Sum', 'wasm')).toBeDefined();
      const stock = await runOn('wasm', f);
      expectClose(stock.flat(), fixed.flat(), 1e-5, 1e-5, 'stock vs fixed');
    } finally {
      setBackendFixes();
    }
  });
});
