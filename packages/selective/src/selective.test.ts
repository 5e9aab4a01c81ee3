import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadAdapter, saveAdapter, train, ADAPTER_WEIGHTS, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { initBackendForTests } from '@peftbench/core/testing';
import { InputError } from '@peftbench/util';
import { selectiveConfigShape } from './config.ts';
import { applySelective, type SelectiveApplied } from './selective.ts';
import { d3Scores } from './d3.ts';
import { choosePicks, globalTopK } from './topk.ts';
import { snapshotParams, tinyClassifier, toyBatches } from './testing.ts';

beforeAll(() => initBackendForTests());

const task = { kind: 'sequence-classification' as const, numLabels: 2 };
const testConfigSchema = z.object({ ...selectiveConfigShape, totalSteps: z.number().int().positive().optional() }).strict();
type TestConfig = z.infer<typeof testConfigSchema>;
const cfg = (c: Partial<TestConfig> & { budget: number }): TestConfig => testConfigSchema.parse(c);

/** A strategy for testing the machinery: before each step add the top-u_t of |g| (u_t = B/T, the first B mod T steps one more). */
function applyTest(model: PreTrainedModel, config: TestConfig, t: TaskSpec): SelectiveApplied {
  return applySelective(model, config, t, {
    name: 'test',
    strategy: {
      beforeUpdate(sel, ctx) {
        const T = config.totalSteps ?? ctx.totalSteps;
        if (ctx.step >= T) return;
        const perStep = Math.floor(config.budget / T) + (ctx.step < config.budget % T ? 1 : 0);
        const u = Math.min(perStep, Math.min(config.budget, sel.state.poolSize) - sel.state.size);
        if (u <= 0) return;
        const scores = d3Scores(sel, ctx, 1, 0);
        try {
          choosePicks(sel.state, globalTopK(scores, u, sel.state));
        } finally {
          scores.forEach((s) => s.dispose());
        }
      },
    },
  });
}

describe('selective training (uniform |g| strategy)', () => {
  const batches = toyBatches(6, 4);
  const B = 37;
  const T = 5;

  async function trainId3(c: TestConfig, steps = T, weightDecay = 0.1) {
    const model = tinyClassifier();
    const applied = applyTest(model, c, task);
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
    const dir = mkdtempSync(join(tmpdir(), 'selective-'));
    saveAdapter(dir, applied);
    const header = readFileSync(join(dir, ADAPTER_WEIGHTS));
    const keys = Object.keys(JSON.parse(header.subarray(8, 8 + Number(header.readBigUInt64LE(0))).toString('utf8'))).filter((k) => k !== '__metadata__');
    const valueKeys = keys.filter((k) => k.endsWith('.selected_values'));
    expect(valueKeys.length).toBeGreaterThan(0);
    const input = { inputIds: toyBatches(1, 3, 9)[0].inputIds, attentionMask: toyBatches(1, 3, 9)[0].attentionMask };
    const want = model.forward(input).logits!.dataSync();

    const fresh = tinyClassifier();
    const loaded = applyTest(fresh, cfg({ budget: B, totalSteps: T }), task);
    const untouched = fresh.forward(input).logits!.dataSync();
    expect([...untouched]).not.toEqual([...want]);
    loadAdapter(dir, loaded);
    expect([...fresh.forward(input).logits!.dataSync()]).toEqual([...want]);
    expect(loaded.state.size).toBe(B);

    // the 10-budget checkpoint reproduces the model as it was then: 16 entries differ from the base
    const ckDir = mkdtempSync(join(tmpdir(), 'selective-ck-'));
    saveAdapter(ckDir, applied.checkpointAdapter(applied.checkpoints[0]));
    const again = tinyClassifier();
    const base = snapshotParams(again);
    const ck = applyTest(again, cfg({ budget: B }), task);
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

  it('afterStep takes the last budget (reached by the last update); withCheckpoint evaluates a snapshot and puts the model back', async () => {
    const model = tinyClassifier();
    const applied = applyTest(model, cfg({ budget: B, totalSteps: T, checkpointBudgets: [10, B] }), task);
    const input = toyBatches(1, 3, 9)[0];
    const logits = () => [...model.forward(input).logits!.dataSync()];
    const r = await train({ model, applied, trainBatches: () => batches, stepsPerEpoch: batches.length, epochs: 1, maxSteps: T, learningRate: 0.05, weightDecay: 0.1, seed: 3, onProgress: (p) => applied.afterStep(p.step) });
    expect(r.steps).toBe(T);
    // without afterStep the budget-B snapshot would need a sixth beforeUpdate
    expect(applied.checkpoints.map((c) => [c.budget, c.budgetUsed, c.step])).toEqual([[10, 16, 2], [B, B, T]]);
    const final = logits();
    expect(await applied.withCheckpoint(applied.checkpoints[1], logits)).toEqual(final);
    // the 10-budget snapshot = a fresh model loaded with that snapshot's adapter file
    const ckDir = mkdtempSync(join(tmpdir(), 'selective-with-'));
    saveAdapter(ckDir, applied.checkpointAdapter(applied.checkpoints[0]));
    const fresh = tinyClassifier();
    loadAdapter(ckDir, applyTest(fresh, cfg({ budget: B }), task));
    const want = [...fresh.forward(input).logits!.dataSync()];
    const got = await applied.withCheckpoint(applied.checkpoints[0], logits);
    expect(got).toEqual(want);
    expect(got).not.toEqual(final);
    expect(logits()).toEqual(final);

    // Figures 8 / 9: one point per training iteration, over Λ after that iteration's choice
    const { trace, layers } = applied.selectionStats();
    expect(trace.map((t) => t.step)).toEqual([1, 2, 3, 4, 5]);
    expect(trace.map((t) => t.budgetUsed)).toEqual([8, 16, 23, 30, 37]);
    for (let i = 1; i < trace.length; i++) expect(trace[i].tensorSparsity).toBeLessThanOrEqual(trace[i - 1].tensorSparsity);
    const counts = applied.targets.map((p) => applied.state.countIn(p.name));
    const M = counts.length;
    expect(trace[4].tensorSparsity).toBeCloseTo(counts.filter((c) => c === 0).length / M, 12);
    expect(trace[4].entropy).toBeCloseTo(-counts.filter((c) => c > 0).reduce((h, c) => h + (c / B) * Math.log(c / B), 0), 10);
    expect(layers.map((l) => l.layer)).toEqual([0, 1]);
    expect(layers.reduce((s, l) => s + l.chosen, 0)).toBe(applied.targets.filter((p) => /layer\.\d+\./.test(p.name)).reduce((s, p) => s + applied.state.countIn(p.name), 0));
  });

  it('withCheckpoint without checkpointBudgets says what it needs', async () => {
    const applied = applyTest(tinyClassifier(), cfg({ budget: 6, totalSteps: 2 }), task);
    await expect(applied.withCheckpoint(applied.snapshot(0), () => 1)).rejects.toThrow(/needs checkpointBudgets/);
  });

  it('rejects an adapter whose pointer falls outside its tensor, naming file, key and record', async () => {
    const { applied } = await trainId3(cfg({ budget: 6, totalSteps: 2 }), 2);
    const tensors = new Map([...applied.adapterTensors()].map(([k, t]) => [k, { shape: t.shape, data: Float32Array.from(t.dataSync() as Float32Array) }]));
    const pKey = [...tensors.keys()].find((k) => k.endsWith('.selected_pointers'))!;
    tensors.get(pKey)!.data[0] = 9999;
    const fresh = applyTest(tinyClassifier(), cfg({ budget: 6 }), task);
    expect(() => fresh.loadAdapterTensors(tensors, 'x.safetensors')).toThrow(InputError);
    expect(() => fresh.loadAdapterTensors(tensors, 'x.safetensors')).toThrow(/x\.safetensors \[.*selected_pointers\]: record 0: pointer \(9999/);
  });
});

describe('Pfeiffer adapter targets', () => {
  it('chooses only adapter entries, leaves the base bit-identical, and round-trips through seed + sparse entries', async () => {
    const batches = toyBatches(4, 4);
    const model = tinyClassifier();
    const base = snapshotParams(model);
    const applied = applyTest(model, cfg({ budget: 50, targets: 'adapter', adapter: { reductionFactor: 4 }, totalSteps: 4 }), task);
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
    const dir = mkdtempSync(join(tmpdir(), 'selective-ad-'));
    saveAdapter(dir, applied);
    const input = toyBatches(1, 2, 5)[0];
    const want = [...model.forward(input).logits!.dataSync()];
    const fresh = tinyClassifier();
    const loaded = applyTest(fresh, cfg({ budget: 50, targets: 'adapter', adapter: { reductionFactor: 4 } }), task);
    loadAdapter(dir, loaded);
    expect([...fresh.forward(input).logits!.dataSync()]).toEqual(want);
  });
});

describe('LoRA targets', () => {
  const loraCfg = () => cfg({ budget: 60, targets: 'lora', lora: { r: 2, target_modules: ['query', 'value'] }, totalSteps: 4 });
  it('chooses only LoRA A/B entries, leaves the base bit-identical, and reloads exactly onto a model with the same init', async () => {
    const model = tinyClassifier();
    const base = snapshotParams(model);
    const applied = applyTest(model, loraCfg(), task);
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
    const dir = mkdtempSync(join(tmpdir(), 'selective-lora-'));
    saveAdapter(dir, applied);
    const input = toyBatches(1, 2, 5)[0];
    const want = [...model.forward(input).logits!.dataSync()];
    const fresh = tinyClassifier();
    loadAdapter(dir, applyTest(fresh, loraCfg(), task));
    expect([...fresh.forward(input).logits!.dataSync()]).toEqual(want);
    const otherSeed = tinyClassifier(99);
    expect(() => loadAdapter(dir, applyTest(otherSeed, loraCfg(), task))).toThrow(/module_init_checksum\]: the LoRA init/);
  });
});
