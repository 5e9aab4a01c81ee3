/** Issue 20's wasm kernels (Transpose, GatherV2, float32 Sum) against tfjs-backend-cpu, and their pieces. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, setBackendFixes } from './index.ts';
import { simplifyPermutation, transposePlan } from './kernels/transpose.ts';
import { expectClose, randn, runOn } from './test-helpers.ts';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('Transpose (wasm, JS)', () => {
  it('simplifyPermutation drops size-1 axes and merges axes that stay adjacent', () => {
    expect(simplifyPermutation([16, 4, 128, 64], [0, 1, 3, 2])).toEqual({ shape: [64, 128, 64], perm: [0, 2, 1] });
    expect(simplifyPermutation([1, 5, 1, 3], [2, 3, 0, 1])).toEqual({ shape: [5, 3], perm: [1, 0] });
    expect(simplifyPermutation([2, 3, 4], [0, 1, 2])).toEqual({ shape: [24], perm: [0] });
  });

  it('plans: heads are block copies, swapped last axes are matrices, others stock', () => {
    expect(transposePlan([16, 128, 4, 64], [0, 2, 1, 3])).toEqual({ kind: 'blocks', outer: [16, 128, 4], perm: [0, 2, 1], inner: 64 });
    expect(transposePlan([2048, 256], [1, 0])).toEqual({ kind: 'matrices', mats: 1, R: 2048, C: 256 });
    expect(transposePlan([2, 3, 4], [2, 0, 1])).toEqual({ kind: 'matrices', mats: 1, R: 6, C: 4 });
    expect(transposePlan([2, 3, 4], [1, 2, 0])).toEqual({ kind: 'matrices', mats: 1, R: 2, C: 12 });
    expect(transposePlan([2, 3, 4, 5], [3, 1, 0, 2])).toBeNull();
  });

  const perms: Array<[number[], number[]]> = [
    [[37, 45], [1, 0]],
    [[300, 257], [1, 0]], // the JS path (≥ MIN_JS_TRANSPOSE elements)
    [[1, 257, 1, 300], [3, 1, 2, 0]], // the JS path after dropping size-1 axes
    [[3, 5, 4, 7], [0, 2, 1, 3]],
    [[3, 5, 4, 7], [0, 1, 3, 2]],
    [[3, 5, 4, 7], [3, 1, 0, 2]], // stock
    [[2, 3, 4], [2, 0, 1]],
    [[1, 6, 1, 5], [3, 0, 1, 2]],
    [[3, 5, 4, 2], [2, 0, 1, 3]], // blocks with a short inner run
  ];
  for (const [shape, perm] of perms) {
    it(`[${shape}] perm [${perm}] equals cpu exactly, float32 and int32`, async () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const f = () => [tf.transpose(randn(shape, 4), perm), tf.transpose(tf.range(0, n, 1, 'int32').reshape(shape), perm)];
      expect(await runOn('wasm', f)).toEqual(await runOn('cpu', f));
    });
  }
});

describe('GatherV2 (wasm, row copies)', () => {
  const cases: Array<[number[], number[], number]> = [
    [[50, 16], [4, 3], 0], // embedding lookup
    [[50, 3], [5], 0], // short rows
    [[4, 6, 5], [2, 2], 1],
    [[4, 6, 5], [3], 2],
  ];
  for (const [shape, idxShape, axis] of cases) {
    it(`gather [${shape}] by [${idxShape}] on axis ${axis} equals cpu exactly, with its gradient`, async () => {
      const n = shape[axis];
      const count = idxShape.reduce((a, b) => a * b, 1);
      const idx = () => tf.tensor(Array.from({ length: count }, (_, i) => (i * 7 + 3) % n), idxShape, 'int32');
      const f = () => [tf.gather(randn(shape, 2), idx(), axis), tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.gather(x, idx(), axis))))(randn(shape, 3))];
      const wasm = await runOn('wasm', f);
      const cpu = await runOn('cpu', f);
      expect(wasm[0]).toEqual(cpu[0]);
      expectClose(wasm[1], cpu[1], 1e-6, 1e-6, 'gather gradient');
    });
  }
});

describe('issue 20 fixes turn off', () => {
  it('stock Transpose and GatherV2 come back with equal results', async () => {
    const f = () => [tf.transpose(randn([9, 33], 1)), tf.gather(randn([10, 4], 2), tf.tensor1d([3, 1, 9], 'int32'))];
    const fixed = await runOn('wasm', f);
    setBackendFixes({ transpose: false, gather: false });
    try {
      expect(await runOn('wasm', f)).toEqual(fixed);
    } finally {
      setBackendFixes();
    }
  });
});

describe('fused LayerNorm (wasm)', () => {
  const composite = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), g), b);
  };
  for (const shape of [[3, 5, 16], [7, 33]]) {
    it(`[${shape}]: value and gradients (x, γ, β) equal the composite on cpu`, async () => {
      const D = shape[shape.length - 1];
      const f = (ln: typeof composite) => () => {
        const x = tf.add(tf.mul(randn(shape, 1), 3), 0.5);
        const g = randn([D], 2);
        const b = randn([D], 3);
        const w = randn(shape, 4);
        const loss = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(ln(xx, gg, bb, 1e-5), w));
        const [dx, dg, db] = tf.grads(loss)([x, g, b]);
        return [ln(x, g, b, 1e-5), dx, dg, db];
      };
      const { fusedLayerNorm } = await import('./kernels/layer-norm.ts');
      const wasm = await runOn('wasm', f(fusedLayerNorm));
      const cpu = await runOn('cpu', f(composite));
      ['y', 'dx', 'dγ', 'dβ'].forEach((label, i) => expectClose(wasm[i], cpu[i], 2e-5, 2e-5, label));
    });
  }

  it('a frozen γ/β asks for no parameter gradient kernel', async () => {
    const { fusedLayerNorm, LAYER_NORM_PARAM_GRAD } = await import('./kernels/layer-norm.ts');
    const names: string[] = [];
    await runOn('wasm', () => {
      const g = randn([8], 2);
      const b = randn([8], 3);
      return tf.grad((x: tf.Tensor) => tf.sum(tf.square(fusedLayerNorm(x, g, b, 1e-5))))(randn([4, 8], 1));
    });
    const info = await tf.profile(() => {
      const g = randn([8], 2);
      const b = randn([8], 3);
      return tf.grad((x: tf.Tensor) => tf.sum(tf.square(fusedLayerNorm(x, g, b, 1e-5))))(randn([4, 8], 1));
    });
    for (const k of info.kernels) names.push(k.name);
    expect(names).toContain('PeftbenchLayerNormGrad');
    expect(names).not.toContain(LAYER_NORM_PARAM_GRAD);
  });
});

describe('batched BatchMatMul on views (wasm)', () => {
  it('batchedPlan takes equal batches of big matrices and a shared b, nothing transposed', async () => {
    const { batchedPlan } = await import('./kernels/batch-mat-mul.ts');
    expect(batchedPlan([2, 3, 64, 48], [2, 3, 48, 64], false, false)).toEqual({ batch: 6, M: 64, K: 48, N: 64, sharedB: false });
    expect(batchedPlan([4, 8, 5], [5, 3], false, false)).toEqual({ batch: 4, M: 8, K: 5, N: 3, sharedB: true });
    expect(batchedPlan([4, 8, 5], [4, 5, 3], false, false)).toBeNull(); // small: the stock loop
    expect(batchedPlan([3, 64, 48], [3, 48, 64], false, true)).toBeNull();
    expect(batchedPlan([64, 48], [48, 64], false, false)).toBeNull();
  });

  it('[2, 3, 64, 48]·[2, 3, 48, 64] is bit-identical to per-matrix 2-D products and close to cpu', async () => {
    const f = () => tf.matMul(randn([2, 3, 64, 48], 1), randn([2, 3, 48, 64], 2));
    const perMatrix = () => {
      const a = tf.unstack(randn([2, 3, 64, 48], 1).reshape([6, 64, 48]));
      const b = tf.unstack(randn([2, 3, 48, 64], 2).reshape([6, 48, 64]));
      return tf.stack(a.map((ai, i) => tf.matMul(ai, b[i]))).reshape([2, 3, 64, 64]);
    };
    const [wasm] = await runOn('wasm', f);
    expect(wasm).toEqual((await runOn('wasm', perMatrix))[0]);
    expectClose(wasm, (await runOn('cpu', f))[0], 1e-5, 1e-5, 'batched vs cpu');
  });

  it('a shared b and the gradient of attention-shaped products equal cpu', async () => {
    const f = () => {
      const q = randn([2, 4, 64, 32], 3);
      const k = randn([2, 4, 64, 32], 4);
      const w = randn([32, 40], 5);
      const [dq, dk] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, tf.transpose(y, [0, 1, 3, 2])))))([q, k]);
      return [tf.matMul(q, w), dq, dk];
    };
    const wasm = await runOn('wasm', f);
    const cpu = await runOn('cpu', f);
    ['shared b', 'dq', 'dk'].forEach((label, i) => expectClose(wasm[i], cpu[i], 1e-4, 1e-4, label));
  });
});
