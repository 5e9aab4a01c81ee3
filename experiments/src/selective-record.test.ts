/**
 * A selective run records what ID3 Figures 5, 8 and 9 plot: a tiny ID3 GLUE run (micro encoder, demo data)
 * with checkpoint budgets scores every snapshot; the snapshot at the run's final budget, taken after the last
 * update, scores exactly what the trained model scores; the record keeps the fields through the runner's check.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '@peftbench/core';
import { runRecordSchema } from '@peftbench/reports';
import type { RunSpec } from './run-types.ts';
import { runGlue } from './families/glue-run.ts';
import { runConll } from './families/conll-run.ts';
import { normalizeResult } from './normalize-result.ts';
import { thinTrace } from './selective-record.ts';
import { tempDir } from './testing/tmp.ts';

const cache = tempDir('peftbench-selective-record-cache-');
beforeAll(async () => {
  process.env.PEFTBENCH_CACHE = cache;
  process.env.PEFTBENCH_BACKEND ??= 'wasm';
  await initBackend();
});

test('thinTrace keeps at most n points, evenly, first and last included', () => {
  const t = Array.from({ length: 1000 }, (_, i) => i + 1);
  const thin = thinTrace(t, 5);
  expect(thin).toEqual([1, 251, 501, 750, 1000]);
  expect(thinTrace([1, 2, 3], 5)).toEqual([1, 2, 3]);
});

// 48 examples / batch 8 = 6 steps, one epoch: the only evaluation is after the last step, so the selected
// checkpoint is the final model; ID3's u_t = 60 / 6 = 10 entries per step: |Λ| 20 after step 2, 60 after step 6
// STS-B: Pearson / Spearman move with any change of the weights, so equal scores mean the same model
const spec = (methodConfig: Record<string, unknown>, method = 'id3'): RunSpec => ({
  sweep: 'unit', id: `stsb-${method}-unit`, family: 'glue', task: 'stsb', method, methodConfig, seed: 1,
  model: 'pretrain:micro-roberta', data: { kind: 'demo' }, protocol: 'id3',
  hyper: { learningRate: 5e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0, weightDecay: 0, trainLimit: 48, evalLimit: 32 },
});

describe('a selective GLUE run records budgetScores, sparsityTrace and layerStats', () => {
  test('ID3 with checkpointBudgets [20, 60] and budget 60', async () => {
    const raw = await runGlue(spec({ budget: 60, checkpointBudgets: [20, 60] }), () => {});
    const r = normalizeResult(JSON.parse(JSON.stringify(raw)), 1);
    expect(r.status).toBe('ok');
    // the reports read these fields with their own schema (reports/src/record-check.ts): the two agree
    const asRead = runRecordSchema.shape.result.safeParse(r);
    expect(asRead.success, JSON.stringify(asRead.error?.issues[0])).toBe(true);
    expect(asRead.data!.budgetScores).toEqual(r.budgetScores);
    expect(asRead.data!.sparsityTrace).toEqual(r.sparsityTrace);
    expect(asRead.data!.layerStats).toEqual(r.layerStats);
    expect(r.evals.map((e) => e.step)).toEqual([6]);
    expect(r.budgetScores!.map((b) => [b.budget, b.budgetUsed, b.step])).toEqual([[20, 20, 2], [60, 60, 6]]);
    // the final budget's snapshot is the trained model: the same scores as its (only) evaluation
    expect(r.budgetScores![1].metrics).toEqual(r.evals[0].metrics);
    expect(r.best!.value).toBe(r.budgetScores![1].metrics[r.best!.metric]);
    expect(Object.keys(r.budgetScores![0].metrics)).toEqual(Object.keys(r.evals[0].metrics));
    // the budget-20 snapshot is the model after step 2, not the trained one
    expect(r.budgetScores![0].metrics.pearson).not.toBe(r.budgetScores![1].metrics.pearson);
    // one point per iteration; |Λ| grows by u_t = 10; tensor sparsity never rises while Λ only grows
    const trace = r.sparsityTrace!;
    expect(trace.map((t) => [t.step, t.budgetUsed])).toEqual([1, 2, 3, 4, 5, 6].map((s) => [s, 10 * s]));
    for (let i = 1; i < trace.length; i++) expect(trace[i].tensorSparsity!).toBeLessThanOrEqual(trace[i - 1].tensorSparsity!);
    expect(trace[0].tensorSparsity!).toBeGreaterThan(0.5);
    for (const t of trace) expect(t.entropyNormalized!).toBeGreaterThanOrEqual(0);
    // per layer: the chosen entries of the encoder layers (embeddings are not a layer)
    const layers = r.layerStats!;
    expect(layers.map((l) => l.layer)).toEqual([...Array(layers.length).keys()]);
    expect(layers.reduce((s, l) => s + l.chosen, 0)).toBeLessThanOrEqual(60);
    expect(layers.reduce((s, l) => s + (l.share ?? 0), 0)).toBeCloseTo(layers.reduce((s, l) => s + l.chosen, 0) / 60, 10);
  });

  test('CoNLL: repeat-D3 and ID3 snapshots scored with span F1 on validation; the final one is the trained model', async () => {
    const conll = (method: string, methodConfig: Record<string, unknown>): RunSpec => ({
      sweep: 'unit', id: `conll2003-${method}-unit`, family: 'conll', task: 'conll2003', method, methodConfig, seed: 1,
      model: 'pretrain:micro-roberta', data: { kind: 'demo' }, protocol: 'id3',
      hyper: { learningRate: 5e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0, weightDecay: 0, trainLimit: 40, evalLimit: 24 },
    });
    const r = await runConll(conll('id3', { budget: 50, checkpointBudgets: [50] }), () => {});
    expect(r.evals.map((e) => e.step)).toEqual([5]);
    expect(r.budgetScores!.map((b) => [b.budget, b.budgetUsed, b.step])).toEqual([[50, 50, 5]]);
    expect(r.budgetScores![0].metrics).toEqual(r.evals[0].metrics);
    expect(r.budgetScores![0].metrics).toHaveProperty('f1');
    // repeat-S: B entries every step, the union grows past B; tensor sparsity stays below increment-S's
    const rep = await runConll(conll('repeat-d3', { budget: 50 }), () => {});
    expect(rep.budgetScores).toBeUndefined();
    expect(rep.sparsityTrace!.at(-1)!.budgetUsed).toBeGreaterThan(50);
    expect(rep.sparsityTrace![0].tensorSparsity!).toBeLessThanOrEqual(r.sparsityTrace![0].tensorSparsity!);
  });

  test('a method that is not selective records none of them', async () => {
    const r = await runGlue({ ...spec({}, 'bitfit'), hyper: { ...spec({}).hyper, trainLimit: 16 } }, () => {});
    expect([r.budgetScores, r.sparsityTrace, r.layerStats]).toEqual([undefined, undefined, undefined]);
  });
});
