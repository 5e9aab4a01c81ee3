import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ParameterRegistry } from '../params.ts';
import { AdamW, clipGradNorm } from './optimizer.ts';
import { lrMultiplier } from './schedule.ts';
import { crossEntropy } from './losses.ts';
import { initBackendForTests } from '../testing.ts';
import { trackBufferBytes } from '../plan/measure.ts';

beforeAll(initBackendForTests);

/** torch.optim.AdamW written out per scalar in float64: the independent reference. */
function adamwReference(theta: number[], grads: number[][], lr: number, wd: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): number[] {
  const th = theta.slice();
  const m = th.map(() => 0);
  const v = th.map(() => 0);
  grads.forEach((g, i) => {
    const t = i + 1;
    for (let j = 0; j < th.length; j++) {
      th[j] *= 1 - lr * wd;
      m[j] = b1 * m[j] + (1 - b1) * g[j];
      v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
      th[j] -= (lr * (m[j] / (1 - b1 ** t))) / (Math.sqrt(v[j] / (1 - b2 ** t)) + eps);
    }
  });
  return th;
}

describe('AdamW', () => {
  test('a step holds at most three temporaries of a variable beside θ, m, v and g (with weight decay and an update mask)', () => {
    const reg = new ParameterRegistry();
    const n = 100_000;
    reg.add({ name: 'w', variable: tf.variable(tf.randomNormal([n], 0, 1, 'float32', 1)), trainable: true, owner: 'base', updateMask: tf.ones([n]) } as never);
    const opt = new AdamW(reg, { weightDecay: 0.01 });
    const g = tf.randomNormal([n], 0, 1, 'float32', 2);
    opt.step(new Map([['w', g]]), 1e-3); // moments now exist
    const tracker = trackBufferBytes();
    opt.step(new Map([['w', g]]), 1e-3);
    const extra = tracker.peak() / (4 * n);
    tracker.stop();
    g.dispose();
    opt.dispose();
    // new buffers only (the tracker does not see the old m, v, θ freed): masked g + new m + new v + three
    // temporaries = 6; one tidy over the whole update held all ~16 temporaries (issue 20)
    expect(extra).toBeLessThanOrEqual(6.01);
  });

  test('matches torch AdamW over three steps', () => {
    const reg = new ParameterRegistry();
    const theta = [0.5, -1.25, 2.0, 0.01];
    reg.add({ name: 'w', variable: tf.variable(tf.tensor2d(theta, [2, 2])), trainable: true, owner: 'base' });
    const grads = [[0.1, -0.2, 0.3, 0.0], [0.05, 0.4, -0.1, 1.0], [-0.3, 0.2, 0.2, -0.5]];
    const opt = new AdamW(reg, { weightDecay: 0.01 });
    for (const g of grads) opt.step(new Map([['w', tf.tensor2d(g, [2, 2])]]), 1e-2);
    const got = Array.from(reg.get('w').variable.dataSync());
    const want = adamwReference(theta, grads, 1e-2, 0.01);
    got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 6));
  });

  test('an update mask freezes entries bit for bit, weight decay included', () => {
    const reg = new ParameterRegistry();
    const init = [0.3, -0.7, 1.1, 2.5];
    reg.add({ name: 'w', variable: tf.variable(tf.tensor2d(init, [2, 2])), trainable: true, owner: 'base' });
    reg.setUpdateMask('w', tf.tensor2d([1, 0, 0, 1], [2, 2]));
    const opt = new AdamW(reg, { weightDecay: 0.1 });
    for (let i = 0; i < 5; i++) opt.step(new Map([['w', tf.tensor2d([0.2, 0.3, -0.4, 0.1], [2, 2])]]), 0.05);
    const got = reg.get('w').variable.dataSync();
    expect(got[1]).toBe(Math.fround(init[1]));
    expect(got[2]).toBe(Math.fround(init[2]));
    expect(got[0]).not.toBe(Math.fround(init[0]));
    expect(got[3]).not.toBe(Math.fround(init[3]));
  });

  test('group multipliers scale the step', () => {
    const reg = new ParameterRegistry();
    reg.add({ name: 'a', variable: tf.variable(tf.tensor1d([1])), trainable: true, owner: 'm', group: 'scaling' });
    reg.add({ name: 'b', variable: tf.variable(tf.tensor1d([1])), trainable: true, owner: 'm' });
    const opt = new AdamW(reg, { groups: { scaling: { lrMultiplier: 3 } } });
    opt.step(new Map([['a', tf.tensor1d([0.5])], ['b', tf.tensor1d([0.5])]]), 0.01);
    // first Adam step moves by lr·sign(g) (m̂/√v̂ = 1)
    expect(1 - reg.get('a').variable.dataSync()[0]).toBeCloseTo(0.03, 6);
    expect(1 - reg.get('b').variable.dataSync()[0]).toBeCloseTo(0.01, 6);
  });

  test('clipGradNorm scales to the max norm', () => {
    const grads = new Map([['a', tf.tensor1d([3, 4])]]);
    const norm = clipGradNorm(grads, 1);
    expect(norm).toBeCloseTo(5, 5);
    const g = grads.get('a')!.dataSync();
    expect(g[0]).toBeCloseTo(0.6, 5);
    expect(g[1]).toBeCloseTo(0.8, 5);
  });
});

describe('schedules (transformers get_scheduler)', () => {
  test('linear with warmup ratio', () => {
    const cfg = { kind: 'linear' as const, warmupRatio: 0.1 };
    expect(lrMultiplier(cfg, 0, 100)).toBe(0);
    expect(lrMultiplier(cfg, 5, 100)).toBeCloseTo(0.5);
    expect(lrMultiplier(cfg, 10, 100)).toBeCloseTo(1);
    expect(lrMultiplier(cfg, 55, 100)).toBeCloseTo(0.5);
    expect(lrMultiplier(cfg, 100, 100)).toBe(0);
  });
  test('cosine, restarts, constant', () => {
    expect(lrMultiplier({ kind: 'cosine', warmupSteps: 0 }, 50, 100)).toBeCloseTo(0.5);
    expect(lrMultiplier({ kind: 'cosine', warmupSteps: 0 }, 100, 100)).toBeCloseTo(0);
    expect(lrMultiplier({ kind: 'cosine-with-restarts', warmupSteps: 0, numCycles: 2 }, 50, 100)).toBeCloseTo(1);
    expect(lrMultiplier({ kind: 'cosine-with-restarts', warmupSteps: 0, numCycles: 2 }, 25, 100)).toBeCloseTo(0.5);
    expect(lrMultiplier({ kind: 'constant', warmupSteps: 10 }, 5, 100)).toBeCloseTo(0.5);
    expect(lrMultiplier({ kind: 'constant', warmupSteps: 10 }, 90, 100)).toBe(1);
  });
});

describe('cross-entropy', () => {
  test('ignores -100 and applies torch label smoothing', () => {
    const logits = [[2, 0, -1], [0.5, 0.5, 3], [1, 1, 1]];
    const labels = [0, 2, -100];
    const lse = (r: number[]) => Math.log(r.reduce((s, x) => s + Math.exp(x), 0));
    const nll = (r: number[], y: number) => lse(r) - r[y];
    const smooth = (r: number[]) => r.reduce((s, x) => s + (lse(r) - x), 0) / r.length;
    const eps = 0.1;
    const want = ((1 - eps) * nll(logits[0], 0) + eps * smooth(logits[0]) + (1 - eps) * nll(logits[1], 2) + eps * smooth(logits[1])) / 2;
    const got = crossEntropy(tf.tensor2d(logits), labels, eps).dataSync()[0];
    expect(got).toBeCloseTo(want, 5);
  });
});
