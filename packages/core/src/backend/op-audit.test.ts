/**
 * Audit: every op a transformer + AdamW training step uses, forward and gradient (tf.grads) on wasm,
 * compared with tfjs-backend-cpu. A missing wasm kernel or gradient fails here by name.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, linear, matMulFast } from './index.ts';
import { expectClose, randn, runOn } from './test-helpers.ts';
import { ids, OP_CASES, valueAndGrads, type T } from './op-cases.ts';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const cases = OP_CASES;

describe('wasm vs cpu: forward and gradient of every training-step op', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const wasm = await runOn('wasm', valueAndGrads(c));
      const cpu = await runOn('cpu', valueAndGrads(c));
      expect(wasm.length).toBe(cpu.length);
      wasm.forEach((values, i) => expectClose(values, cpu[i], 1e-4, 2e-5, i === 0 ? 'value' : `d/dx${i - 1}`));
      // a gradient that is all zeros would hide a missing path; every case here has a non-zero one
      if (!c.noGrad) for (const g of wasm.slice(1, 1 + c.shapes.length)) expect(g.some((v) => v !== 0)).toBe(true);
    });
  }

  it('three Adam steps with decoupled weight decay (AdamW) on an embedding + MLP agree', async () => {
    const train = () => {
      const E = tf.variable(randn([12, 8], 1));
      const W = tf.variable(randn([8, 3], 2));
      const opt = tf.train.adam(1e-2);
      const lossFn = () => tf.losses.softmaxCrossEntropy(tf.oneHot(ids(), 3).slice([0, 0], [6, 3]), linear(tf.tanh(tf.gather(E, ids())), W as tf.Tensor as tf.Tensor2D)) as tf.Scalar;
      for (let step = 0; step < 3; step++) {
        opt.minimize(lossFn, false, [E, W]);
        for (const v of [E, W]) v.assign(tf.sub(v, tf.mul(v, 1e-2 * 0.01))); // AdamW: θ ← θ − lr·wd·θ
      }
      const out = [lossFn(), E.clone(), W.clone()];
      opt.dispose();
      E.dispose();
      W.dispose();
      return out;
    };
    const wasm = await runOn('wasm', train);
    const cpu = await runOn('cpu', train);
    wasm.forEach((v, i) => expectClose(v, cpu[i], 1e-4, 1e-5, ['loss', 'E', 'W'][i]));
  });
});

/** Shape ops on int32 (token ids, positions) and bool (masks) must keep dtype and values on wasm. */
const integerOps: Record<string, (x: T) => T> = {
  stridedSlice: (x) => tf.stridedSlice(x, [0, 1], [4, 6], [2, 2]),
  'stridedSlice (shrink)': (x) => tf.stridedSlice(x, [1, 0], [2, 6], [1, 1], 0, 0, 0, 0, 1),
  slice: (x) => tf.slice(x, [1, 1], [2, 3]),
  gather: (x) => tf.gather(x, tf.tensor1d([2, 0, 2], 'int32')),
  concat: (x) => tf.concat([x, x], 1),
  transpose: (x) => tf.transpose(x),
  tile: (x) => tf.tile(x, [1, 2]),
  reshape: (x) => tf.reshape(x, [6, 4]),
  stack: (x) => tf.stack([x, x]),
  'unstack[1]': (x) => tf.unstack(x)[1],
  pad: (x) => tf.pad(x, [[0, 1], [2, 0]]),
  reverse: (x) => tf.reverse(x, 1),
  where: (x) => tf.where(tf.tensor2d([[1, 0, 1, 0, 1, 0]], [1, 6], 'bool'), x, tf.zerosLike(x)),
  expandDims: (x) => tf.expandDims(x, 0),
  broadcastTo: (x) => tf.broadcastTo(tf.slice(x, [0, 0], [1, 6]), [3, 6]),
};

describe('int32 and bool keep dtype and values through shape ops (wasm vs cpu)', () => {
  for (const dtype of ['int32', 'bool'] as const) {
    for (const [name, f] of Object.entries(integerOps)) {
      it(`${name} ${dtype}`, async () => {
        const run = () => {
          const x = tf.cast(tf.reshape(tf.range(0, 24, 1, 'int32').mod(dtype === 'bool' ? 2 : 100), [4, 6]), dtype);
          const y = f(x);
          return [tf.cast(y, 'int32'), tf.tensor1d([y.dtype === dtype ? 1 : 0])];
        };
        const wasm = await runOn('wasm', run);
        const cpu = await runOn('cpu', run);
        expect(wasm[1], 'dtype kept').toEqual([1]);
        expect(wasm[0]).toEqual(cpu[0]);
      });
    }
  }
});

describe('known gaps (documented fallbacks in README)', () => {
  it('einsum has no wasm kernel: use matMulFast / linear instead', async () => {
    await expect(runOn('wasm', () => tf.einsum('ij,jk->ik', randn([2, 3], 1), randn([3, 4], 2)))).rejects.toThrow(/Kernel 'Einsum' not registered for backend 'wasm'/);
  });

  it('einsum has no gradient on any backend', async () => {
    await expect(runOn('cpu', () => tf.grad((x: T) => tf.sum(tf.einsum('ij,jk->ik', x, randn([3, 4], 2))))(randn([2, 3], 1)))).rejects.toThrow(/gradient function not found for Einsum/);
  });

  it('linalg.bandPart has no usable gradient: build causal masks as constants', async () => {
    await expect(runOn('wasm', () => tf.grad((x: T) => tf.sum(tf.linalg.bandPart(x, -1, 0)))(randn([4, 4], 1)))).rejects.toThrow();
  });
});
