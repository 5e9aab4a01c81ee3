import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { train, type StepContext } from '@peftbench/core';
import { initBackendForTests } from '@peftbench/core/testing';
import { snapshotParams, tinyClassifier, toyBatches } from '@peftbench/selective/testing';
import { id3ConfigSchema, type Id3Config } from './config.ts';
import { applyId3 } from './apply.ts';
import { uniformUnmaskCount } from './schedule.ts';

// The shared machinery (masking modes, sparse files, checkpoints, Pfeiffer / LoRA targets) is tested in
// @peftbench/selective; here: ID3's scheduler, its D3 selection and how Λ grows.
beforeAll(() => initBackendForTests());

const task = { kind: 'sequence-classification' as const, numLabels: 2 };
const cfg = (c: Partial<Id3Config> & { budget: number }): Id3Config => id3ConfigSchema.parse(c);

describe('uniform scheduler', () => {
  it('spreads B over T, the first B mod T steps taking one more, summing to exactly B', () => {
    expect([0, 1, 2, 3].map((t) => uniformUnmaskCount(t, 4, 10))).toEqual([3, 3, 2, 2]);
    expect([0, 1, 2, 3, 4, 5].map((t) => uniformUnmaskCount(t, 5, 3))).toEqual([1, 1, 1, 0, 0, 0]);
    let sum = 0;
    for (let t = 0; t < 97; t++) sum += uniformUnmaskCount(t, 97, 1000);
    expect(sum).toBe(1000);
  });
});

describe('ID3 selection', () => {
  it('picks the global top-u_t of |g| / (|θ| + ε)^exp over all target tensors, skipping chosen entries', () => {
    const model = tinyClassifier();
    const names = ['roberta.encoder.layer.0.output.dense.bias', 'roberta.encoder.layer.1.attention.output.LayerNorm.bias'];
    const applied = applyId3(model, cfg({ budget: 8, include: `^(${names.join('|').replace(/\./g, '\\.')})$`, eps: 0.5, exp: 2, totalSteps: 2 }), task);
    expect(applied.targets.map((p) => p.name)).toEqual(names);
    const rng = (i: number) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453);
    const theta = names.map((_, k) => Float32Array.from({ length: 16 }, (_, i) => rng(i + 100 * k) - 0.5));
    const grad = names.map((_, k) => Float32Array.from({ length: 16 }, (_, i) => rng(i + 100 * k + 50) - 0.5));
    names.forEach((n, k) => model.params.get(n).variable.assign(tf.tensor1d(theta[k])));
    const score = (k: number, i: number) => Math.abs(grad[k][i]) / (Math.abs(theta[k][i]) + 0.5) ** 2;
    const all = names.flatMap((_, k) => Array.from({ length: 16 }, (_, i) => ({ k, i, s: score(k, i) }))).sort((a, b) => b.s - a.s);
    const step = (t: number) => {
      const grads = new Map(names.map((n, k) => [n, tf.tensor1d(grad[k])]));
      applied.beforeUpdate!({ step: t, totalSteps: 99, grads, params: new Map() } as StepContext);
      grads.forEach((g) => g.dispose());
    };
    step(0);
    const chosen = () => names.flatMap((n, k) => [...applied.state.chosenIndices(n)].map((i) => `${k}:${i}`)).sort();
    expect(applied.state.size).toBe(4);
    expect(chosen()).toEqual(all.slice(0, 4).map((e) => `${e.k}:${e.i}`).sort());
    step(1); // same gradient: the next four, since the first four are already in Λ
    expect(chosen()).toEqual(all.slice(0, 8).map((e) => `${e.k}:${e.i}`).sort());
    step(2); // T = 2 (config) has passed: nothing more, the budget is spent
    expect(applied.state.size).toBe(8);
    // the registry's update masks are exactly Λ
    expect(model.params.countTrainable()).toBe(8 + model.params.all().filter((p) => p.owner === 'head').reduce((s, p) => s + p.variable.size, 0));
  });
});

describe('ID3 training', () => {
  const batches = toyBatches(6, 4);
  const B = 37;
  const T = 5;

  async function trainId3(c: Id3Config, steps = T, weightDecay = 0.1) {
    const model = tinyClassifier();
    const applied = applyId3(model, c, task);
    const sizes: number[] = [];
    const inner = applied.beforeUpdate!.bind(applied);
    applied.beforeUpdate = (ctx) => {
      inner(ctx);
      sizes.push(applied.state.size);
    };
    const before = snapshotParams(model);
    const r = await train({ model, applied, trainBatches: () => batches, stepsPerEpoch: batches.length, epochs: 2, maxSteps: steps, learningRate: 0.05, weightDecay, seed: 3 });
    expect(r.status).toBe('ok');
    return { model, applied, sizes, before, after: snapshotParams(model) };
  }

  it('grows Λ by exactly u_t per step, never past B, and only chosen entries change (AdamW decay included)', async () => {
    const { model, applied, sizes, before, after } = await trainId3(cfg({ budget: B, totalSteps: T }), T + 2);
    const expected: number[] = [];
    let acc = 0;
    for (let t = 0; t < T + 2; t++) expected.push((acc += uniformUnmaskCount(t, T, B)));
    expect(sizes).toEqual(expected); // 8, 16, 23, 30, 37, 37, 37
    expect(applied.state.size).toBe(B);
    let changedChosen = 0;
    for (const p of applied.targets) {
      const a = before.get(p.name)!;
      const b = after.get(p.name)!;
      for (let i = 0; i < a.length; i++) {
        if (applied.state.isChosen(p.name, i)) changedChosen += a[i] !== b[i] ? 1 : 0;
        else expect(b[i]).toBe(a[i]); // bit-identical
      }
    }
    expect(changedChosen).toBeGreaterThan(B * 0.9);
    // the head trains densely
    const head = model.params.get('classifier.out_proj.weight').name;
    expect(after.get(head)).not.toEqual(before.get(head));
  });
});
