import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { loadAdapter, saveAdapter, train, ADAPTER_WEIGHTS, type StepContext } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import { initBackendForTests } from '../../../core/src/testing.ts';
import { id3ConfigSchema, type Id3Config } from './config.ts';
import { applyId3 } from './apply.ts';
import { uniformUnmaskCount } from './schedule.ts';
import { snapshotParams, tinyClassifier, toyBatches } from './testing.ts';

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

  it("maskMode 'gradient' (authors' code) lets AdamW weight decay move unchosen weights", async () => {
    const { applied, before, after } = await trainId3(cfg({ budget: B, totalSteps: T, maskMode: 'gradient' }));
    const w = applied.targets.find((p) => p.name.endsWith('layer.0.attention.self.query.weight'))!;
    const a = before.get(w.name)!;
    const b = after.get(w.name)!;
    let movedUnchosen = 0;
    for (let i = 0; i < a.length; i++) if (!applied.state.isChosen(w.name, i) && a[i] !== b[i]) movedUnchosen++;
    expect(movedUnchosen).toBeGreaterThan(a.length / 2);
  });

  it('saves O(B) values + pointers and loads them back to identical outputs; checkpoints at intermediate budgets', async () => {
    const { model, applied } = await trainId3(cfg({ budget: B, totalSteps: T, checkpointBudgets: [10, 20] }));
    expect(applied.checkpoints.map((c) => [c.budget, c.budgetUsed, c.step])).toEqual([[10, 16, 2], [20, 23, 3]]);
    const dir = mkdtempSync(join(tmpdir(), 'id3-'));
    saveAdapter(dir, applied);
    const header = readFileSync(join(dir, ADAPTER_WEIGHTS));
    const keys = Object.keys(JSON.parse(header.subarray(8, 8 + Number(header.readBigUInt64LE(0))).toString('utf8'))).filter((k) => k !== '__metadata__');
    const valueKeys = keys.filter((k) => k.endsWith('.selected_values'));
    expect(valueKeys.length).toBeGreaterThan(0);
    const input = { inputIds: toyBatches(1, 3, 9)[0].inputIds, attentionMask: toyBatches(1, 3, 9)[0].attentionMask };
    const want = model.forward(input).logits!.dataSync();

    const fresh = tinyClassifier();
    const loaded = applyId3(fresh, cfg({ budget: B, totalSteps: T }), task);
    const untouched = fresh.forward(input).logits!.dataSync();
    expect([...untouched]).not.toEqual([...want]);
    loadAdapter(dir, loaded);
    expect([...fresh.forward(input).logits!.dataSync()]).toEqual([...want]);
    expect(loaded.state.size).toBe(B);

    // the 10-budget checkpoint reproduces the model as it was then: 16 entries differ from the base
    const ckDir = mkdtempSync(join(tmpdir(), 'id3-ck-'));
    saveAdapter(ckDir, applied.checkpointAdapter(applied.checkpoints[0]));
    const again = tinyClassifier();
    const base = snapshotParams(again);
    const ck = applyId3(again, cfg({ budget: B }), task);
    loadAdapter(ckDir, ck);
    expect(ck.state.size).toBe(16);
    let differing = 0;
    for (const p of ck.targets) {
      const a = base.get(p.name)!;
      const b = p.variable.dataSync();
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    }
    expect(differing).toBeLessThanOrEqual(16);
    expect(differing).toBeGreaterThan(10);
  });

  it('rejects an adapter whose pointer falls outside its tensor, naming file, key and record', async () => {
    const { applied } = await trainId3(cfg({ budget: 6, totalSteps: 2 }), 2);
    const tensors = new Map([...applied.adapterTensors()].map(([k, t]) => [k, { shape: t.shape, data: Float32Array.from(t.dataSync() as Float32Array) }]));
    const pKey = [...tensors.keys()].find((k) => k.endsWith('.selected_pointers'))!;
    tensors.get(pKey)!.data[0] = 9999;
    const fresh = applyId3(tinyClassifier(), cfg({ budget: 6 }), task);
    expect(() => fresh.loadAdapterTensors(tensors, 'x.safetensors')).toThrow(InputError);
    expect(() => fresh.loadAdapterTensors(tensors, 'x.safetensors')).toThrow(/x\.safetensors \[.*selected_pointers\]: record 0: pointer \(9999/);
  });
});

describe('ID3 + Pfeiffer adapter', () => {
  it('chooses only adapter entries, leaves the base bit-identical, and round-trips through seed + sparse entries', async () => {
    const batches = toyBatches(4, 4);
    const model = tinyClassifier();
    const base = snapshotParams(model);
    const applied = applyId3(model, cfg({ budget: 50, targets: 'adapter', adapter: { reductionFactor: 4 }, totalSteps: 4 }), task);
    expect(applied.targets.every((p) => p.owner === 'pfeiffer')).toBe(true);
    expect(applied.state.poolSize).toBe(2 * (2 * 16 * 4 + 4 + 16));
    const adapterBefore = snapshotParams(model);
    await train({ model, applied, trainBatches: () => batches, stepsPerEpoch: 4, epochs: 1, learningRate: 0.05, weightDecay: 0.1, seed: 3 });
    expect(applied.state.size).toBe(50);
    for (const p of model.params.all().filter((q) => q.owner === 'base')) expect(p.variable.dataSync()).toEqual(base.get(p.name));
    for (const p of applied.targets) {
      const a = adapterBefore.get(p.name)!;
      const b = p.variable.dataSync();
      for (let i = 0; i < a.length; i++) if (!applied.state.isChosen(p.name, i)) expect(b[i]).toBe(a[i]);
    }
    const dir = mkdtempSync(join(tmpdir(), 'id3-ad-'));
    saveAdapter(dir, applied);
    const input = toyBatches(1, 2, 5)[0];
    const want = [...model.forward(input).logits!.dataSync()];
    const fresh = tinyClassifier();
    const loaded = applyId3(fresh, cfg({ budget: 50, targets: 'adapter', adapter: { reductionFactor: 4 } }), task);
    loadAdapter(dir, loaded);
    expect([...fresh.forward(input).logits!.dataSync()]).toEqual(want);
  });
});

describe('ID3 + LoRA', () => {
  const loraCfg = () => cfg({ budget: 60, targets: 'lora', lora: { r: 2, target_modules: ['query', 'value'] }, totalSteps: 4 });
  it('chooses only LoRA A/B entries, leaves the base bit-identical, and reloads exactly onto a model with the same init', async () => {
    const model = tinyClassifier();
    const base = snapshotParams(model);
    const applied = applyId3(model, loraCfg(), task);
    expect(applied.targets.map((p) => p.name).every((n) => /lora_[AB]\.weight$/.test(n))).toBe(true);
    expect(applied.state.poolSize).toBe(2 * 2 * 2 * (16 + 16)); // layers × (q, v) × r·(in + out)
    const init = snapshotParams(model);
    await train({ model, applied, trainBatches: () => toyBatches(4, 4), stepsPerEpoch: 4, epochs: 1, learningRate: 0.05, weightDecay: 0.1, seed: 3 });
    expect(applied.state.size).toBe(60);
    for (const p of model.params.all().filter((q) => q.owner === 'base')) expect(p.variable.dataSync()).toEqual(base.get(p.name));
    for (const p of applied.targets) {
      const a = init.get(p.name)!;
      const b = p.variable.dataSync();
      for (let i = 0; i < a.length; i++) if (!applied.state.isChosen(p.name, i)) expect(b[i]).toBe(a[i]);
    }
    const dir = mkdtempSync(join(tmpdir(), 'id3-lora-'));
    saveAdapter(dir, applied);
    const input = toyBatches(1, 2, 5)[0];
    const want = [...model.forward(input).logits!.dataSync()];
    const fresh = tinyClassifier();
    loadAdapter(dir, applyId3(fresh, loraCfg(), task));
    expect([...fresh.forward(input).logits!.dataSync()]).toEqual(want);
    const otherSeed = tinyClassifier(99);
    expect(() => loadAdapter(dir, applyId3(otherSeed, loraCfg(), task))).toThrow(/module_init_checksum\]: the LoRA init/);
  });
});
