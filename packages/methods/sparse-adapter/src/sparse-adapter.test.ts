/** SparseAdapter: pruned at init by the score, pruned entries stay exactly 0 through training (weight decay on). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadAdapter, parseMethodConfig, readAdapterConfig, saveAdapter, train, type Batch, type ModelInput, type PrepareContext } from '@peftbench/core';
import { allLogits, fixtureBatches, fixturesAvailable, initBackendForTests, loadFixture, maxAbsDiff } from '@peftbench/core/testing';
import { keepMasks, method, type AppliedSparseAdapter } from './index.ts';

const cfg = (raw: Record<string, unknown> = {}) => parseMethodConfig(method, raw);

describe('config and scoring', () => {
  test("defaults: the paper's SNIP at 40 % on a Pfeiffer adapter", () => {
    expect(cfg()).toMatchObject({ adapter: 'pfeiffer', sparsity: 0.4, pruner: 'snip', reductionFactor: 16, nonLinearity: 'relu', init: 'bert' });
  });
  test('sparsity outside [0, 1) is refused naming the key', () => {
    expect(() => cfg({ sparsity: 1 })).toThrow("method 'sparse-adapter' config [sparsity]");
    expect(() => cfg({ sparsity: -0.1 })).toThrow("method 'sparse-adapter' config [sparsity]");
    expect(() => cfg({ pruner: 'grasp' })).toThrow("method 'sparse-adapter' config [pruner]");
    expect(() => cfg({ rank: 8 })).toThrow("method 'sparse-adapter' config"); // strict: unknown keys refused
  });
  test('keepMasks prunes the floor(s·N) lowest scores over all tensors, ties by position', () => {
    const masks = keepMasks([Float32Array.from([5, 1, 3]), Float32Array.from([2, 2, 9, 0])], 0.5); // N = 7 → 3 pruned
    expect([...masks[0], ...masks[1]]).toEqual([1, 0, 1, 0, 1, 1, 0]); // scores 0, 1 and the first 2 go
    expect(keepMasks([Float32Array.from([1, 1, 1, 1])], 0.5).map((m) => [...m])).toEqual([[0, 0, 1, 1]]);
    expect(keepMasks([Float32Array.from([1, 2])], 0).map((m) => [...m])).toEqual([[1, 1]]);
  });
});

describe.skipIf(!fixturesAvailable)('SparseAdapter on the parity fixtures', () => {
  beforeAll(initBackendForTests);
  const task = 'sequence-classification' as const;

  test('SNIP prunes exactly the lowest |θ ⊙ g| (gradients summed over the score batches); counts = registry', async () => {
    const model = await loadFixture('roberta-1', task);
    const c = cfg({ reductionFactor: 4, sparsity: 0.6, scoreBatches: 2 });
    const applied = method.apply(model, c, { kind: task }) as AppliedSparseAdapter;
    const weights = applied.installed.weights;
    expect(applied.pruned()).toBe(false);
    const before = weights.map((p) => p.variable.dataSync().slice());
    // Known gradients: the score must follow them.
    const fake = (k: number) => new Map(weights.map((p, i) => [p.name, tf.randomNormal(p.variable.shape, 0, 1, 'float32', 100 * k + i)]));
    const g1 = fake(1);
    const g2 = fake(2);
    const gradData = [g1, g2].map((g) => new Map([...g].map(([n, t]) => [n, t.dataSync().slice()])));
    let call = 0;
    const ctx: PrepareContext = {
      batches: () => fixtureBatches('roberta-1') as ModelInput[],
      gradients: () => [g1, g2][call++],
      seed: 1,
    };
    await applied.prepare!(ctx);
    expect(call).toBe(2);
    const scores = weights.map((p, i) => {
      const a = gradData[0].get(p.name)!;
      const b = gradData[1].get(p.name)!;
      return before[i].map((w, j) => Math.abs(w * (a[j] + b[j])));
    });
    const all = scores.flatMap((s) => [...s]);
    const k = Math.floor(0.6 * all.length);
    const threshold = [...all].sort((x, y) => x - y)[k - 1];
    let zeros = 0;
    weights.forEach((p, i) => {
      const w = p.variable.dataSync();
      for (let j = 0; j < w.length; j++) {
        if (w[j] === 0) {
          zeros += 1;
          expect(scores[i][j]).toBeLessThanOrEqual(threshold);
        } else {
          expect(scores[i][j]).toBeGreaterThanOrEqual(threshold);
          expect(w[j]).toBe(before[i][j]);
        }
      }
    });
    expect(zeros).toBe(k);
    expect(method.countTrainable(model.config, c, { kind: task })).toBe(model.params.countTrainable());
    model.dispose();
  });

  test('train(): SNIP on real gradients in prepare, then pruned entries stay exactly 0 under weight decay; the rest trains', async () => {
    const model = await loadFixture('roberta-1', task);
    const applied = method.apply(model, cfg({ reductionFactor: 4, sparsity: 0.5 }), { kind: task }) as AppliedSparseAdapter;
    const batch = { ...fixtureBatches('roberta-1')[1], labels: [0, 2, 1] } as unknown as Batch;
    const initial = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
    const result = await train({ model, applied, trainBatches: () => [batch], prepareBatches: () => [batch], stepsPerEpoch: 1, epochs: 3, learningRate: 0.01, weightDecay: 0.5, seed: 2, schedule: { kind: 'constant' } });
    expect(result.status).toBe('ok');
    expect(applied.pruned()).toBe(true);
    let pruned = 0;
    let kept = 0;
    for (const p of applied.installed.weights) {
      const mask = p.updateMask!.dataSync();
      const w = p.variable.dataSync();
      const w0 = initial.get(p.name)!;
      for (let j = 0; j < w.length; j++) {
        if (mask[j] === 0) {
          pruned += 1;
          expect(Object.is(w[j], 0) || Object.is(w[j], -0), p.name).toBe(true);
        } else if (w[j] !== w0[j]) kept += 1;
      }
    }
    expect(pruned).toBe(Math.floor(0.5 * applied.installed.weights.reduce((s, p) => s + p.variable.size, 0)));
    expect(kept).toBeGreaterThan(0);
    for (const p of model.params.all()) if (p.owner === 'base') expect(maxAbsDiff(p.variable.dataSync(), initial.get(p.name)!), p.name).toBe(0);
    model.dispose();
  });

  test('magnitude pruning at apply; save → load: identical logits, the mask comes back from the zeros', async () => {
    const model = await loadFixture('bert-1', task);
    const c = cfg({ pruner: 'magnitude', bottleneck: 64, sparsity: 0.75 }); // Large-Sparse: bottleneck above the hidden size
    expect(model.hiddenSize).toBeLessThan(64);
    const applied = method.apply(model, c, { kind: task }) as AppliedSparseAdapter;
    expect(applied.pruned()).toBe(true);
    expect(method.countTrainable(model.config, c, { kind: task })).toBe(model.params.countTrainable());
    const batches = fixtureBatches('bert-1');
    const expected = allLogits(model, batches);
    const dir = mkdtempSync(join(tmpdir(), 'sparse-adapter-'));
    saveAdapter(dir, applied);
    expect(readAdapterConfig(dir)).toMatchObject({ config: { original_ln_before: true, residual_before_ln: true }, name: 'sparse-adapter', peftbench: { method: 'sparse-adapter', adapter: 'pfeiffer', sparsity: 0.75, pruner: 'magnitude', bottleneck: 64 } });
    const fresh = await loadFixture('bert-1', task);
    const freshApplied = method.apply(fresh, cfg({ ...c, pruner: 'random' }), { kind: task }) as AppliedSparseAdapter;
    loadAdapter(dir, freshApplied);
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBe(0);
    for (const [i, p] of freshApplied.installed.weights.entries()) {
      expect([...p.updateMask!.dataSync()]).toEqual([...applied.installed.weights[i].updateMask!.dataSync()]);
    }
    model.dispose();
    fresh.dispose();
  });
});
