/**
 * Issue 12: no silently ignored setting. Every key of the run spec (runHyperSchema) is swept on a micro GLUE run
 * and must change what the run did (losses, learning rates, evaluations or the examples used); a key a family does
 * not read is refused when the sweep loads. A new key added to runHyperSchema without a case here fails the test.
 * The memory keys (microBatch, gradientCheckpointing) change memory, not the math: they have their own cases
 * (same losses, a different recorded memory plan).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '@peftbench/core';
import { runHyperSchema, type RunResult, type RunSpec } from './run-types.ts';
import { modelDirFor, runGlue } from './families/glue-run.ts';
import { MEMORY_LIMIT_ENV } from './memory-plan.ts';
import { loadSweepFile } from './sweep-load.ts';
import { expandSweep } from './sweep-expand.ts';
import { tempDir, writeFile } from './testing/tmp.ts';

const cache = tempDir('peftbench-settings-cache-');
beforeAll(async () => {
  process.env.PEFTBENCH_CACHE = cache;
  process.env.PEFTBENCH_BACKEND ??= 'wasm';
  await initBackend();
});

const base: RunSpec['hyper'] = {
  learningRate: 1e-2, batchSize: 8, epochs: 2, maxSteps: 6, maxLength: 32, warmupRatio: 0.2, weightDecay: 0, evalEvery: 3, trainLimit: 40, evalLimit: 24,
};
const spec = (hyper: Partial<RunSpec['hyper']>, method = 'full-ft'): RunSpec => ({
  sweep: 'unit', id: 'sst2-unit', family: 'glue', task: 'sst2', method, methodConfig: {}, seed: 1,
  model: 'pretrain:micro-roberta', data: { kind: 'demo' }, protocol: 'dev', hyper: { ...base, ...hyper } as RunSpec['hyper'],
});

/** What a setting can change: the trajectory, the schedule, the evaluations, the data used. */
const trace = (r: RunResult) => JSON.stringify({ loss: r.history?.loss, lr: r.history?.lr, evals: r.evals, data: r.data });

/** Keys that change memory, not the trajectory: tested below ('memory settings …'). */
const memoryKeys = ['microBatch', 'gradientCheckpointing'];

/** One variant per key (two for the schedule); `undefined` removes a key that the base sets. */
const variants: [string, Partial<RunSpec['hyper']>][] = [
  ['learningRate', { learningRate: 3e-2 }],
  ['batchSize', { batchSize: 4 }],
  ['epochs', { epochs: 1, maxSteps: undefined }],
  ['maxSteps', { maxSteps: 4 }],
  ['maxLength', { maxLength: 8 }],
  ['warmupRatio', { warmupRatio: 0.5 }],
  ['weightDecay', { weightDecay: 0.5, learningRate: 5e-2 }],
  ['evalEvery', { evalEvery: 2 }],
  ['lrSchedule', { lrSchedule: 'constant' }],
  ['lrSchedule', { lrSchedule: 'cosine' }],
  ['gradClip', { gradClip: 1e-3 }],
  ['gradAccum', { gradAccum: 2 }],
  ['trainLimit', { trainLimit: 24 }],
  ['evalLimit', { evalLimit: 12 }],
];

describe('every run setting has an effect (GLUE, micro model)', () => {
  let baseline = '';
  beforeAll(async () => {
    baseline = trace(await runGlue(spec({}), () => {}));
  });

  test('every key of the run spec has a case here', () => {
    const covered = new Set([...variants.map(([k]) => k), ...memoryKeys]);
    // learningRate, batchSize, ... : a key added to runHyperSchema without a case makes this fail
    expect(Object.keys(runHyperSchema.shape).filter((k) => !covered.has(k))).toEqual([]);
  });

  test.each(variants)('%s changes the run (%j)', async (_key, change) => {
    const r = await runGlue(spec(change), () => {});
    expect(r.status).toBe('ok');
    expect(trace(r)).not.toBe(baseline);
  });

  test('the same spec twice gives the same trace (so a difference above is the setting)', async () => {
    expect(trace(await runGlue(spec({}), () => {}))).toBe(baseline);
  });

  test('the result records the examples used and the history per step', async () => {
    const r = await runGlue(spec({ trainLimit: 16, evalLimit: 10, maxSteps: 3 }), () => {});
    expect(r.data).toEqual({ train: 16, selection: 10, report: 10 });
    expect(r.history!.step).toEqual([1, 2, 3]);
    expect(r.history!.lr).toHaveLength(3);
    expect(r.history!.gradNorm!.every((g) => Number.isFinite(g) && g > 0)).toBe(true);
  });
});

describe('memory settings change the memory plan, not the losses (issue 20)', () => {
  // the micro encoder with dropout off: with dropout, each micro-batch draws its own masks (as in any accumulation)
  let local = '';
  let baseline: RunResult;
  const mspec = (hyper: Partial<RunSpec['hyper']>) => ({ ...spec(hyper), model: `local:${local}` });
  const losses = (r: RunResult) => r.history!.loss as number[];
  const sameLosses = (r: RunResult) => {
    expect(r.status).toBe('ok');
    expect(losses(r)).toHaveLength(losses(baseline).length);
    losses(r).forEach((l, i) => expect(Math.abs(l - losses(baseline)[i]), `step ${i + 1}`).toBeLessThan(1e-5));
  };
  beforeAll(async () => {
    const dir = await modelDirFor(spec({}));
    local = join(tempDir('peftbench-memory-model-'), 'micro-roberta');
    cpSync(dir, local, { recursive: true });
    const config = JSON.parse(readFileSync(join(local, 'config.json'), 'utf8'));
    writeFileSync(join(local, 'config.json'), JSON.stringify({ ...config, hidden_dropout_prob: 0, attention_probs_dropout_prob: 0, classifier_dropout: 0 }));
    baseline = await runGlue(mspec({}), () => {});
  });
  afterEach(() => {
    delete process.env[MEMORY_LIMIT_ENV];
  });

  test('without the keys: the plan is recorded (whole batch, no recomputation)', () => {
    expect(baseline.provenance?.memory).toMatchObject({ backend: 'wasm', microBatch: 8, microBatches: 1, gradientCheckpointing: false, limitBytes: Math.floor(0.9 * 4294901760) });
    expect(baseline.provenance!.memory!.requested).toBeUndefined();
    expect(baseline.provenance!.memory!.peakBytes).toBeGreaterThan(0);
  });

  test('gradientCheckpointing: same losses; the plan records recomputation and a smaller peak', async () => {
    const r = await runGlue(mspec({ gradientCheckpointing: true }), () => {});
    sameLosses(r);
    expect(r.provenance!.memory).toMatchObject({ gradientCheckpointing: true, microBatch: 8, microBatches: 1 });
    expect(r.provenance!.memory!.peakBytes).toBeLessThan(baseline.provenance!.memory!.peakBytes);
  });

  test('microBatch 2: same losses; 4 micro-batches per step and a smaller planned peak', async () => {
    const r = await runGlue(mspec({ microBatch: 2 }), () => {});
    sameLosses(r);
    expect(r.provenance!.memory).toMatchObject({ requested: 2, microBatch: 2, microBatches: 4 });
    expect(r.provenance!.memory!.peakBytes).toBeLessThan(baseline.provenance!.memory!.peakBytes);
  });

  test("microBatch 'auto': the largest micro-batch whose plan fits the limit; same losses", async () => {
    const whole = baseline.provenance!.memory!.peakBytes;
    const two = (await runGlue(mspec({ microBatch: 2, maxSteps: 1 }), () => {})).provenance!.memory!.peakBytes;
    // a limit between the plan at 2 rows and at 8: auto must split the batch, into micro-batches that fit
    const limit = (two + whole) / 2;
    process.env[MEMORY_LIMIT_ENV] = String(limit / 2 ** 30);
    const r = await runGlue(mspec({ microBatch: 'auto' }), () => {});
    sameLosses(r);
    const m = r.provenance!.memory!;
    expect(m.requested).toBe('auto');
    expect(m.microBatch).toBeGreaterThanOrEqual(2);
    expect(m.microBatch).toBeLessThan(8);
    expect(m.microBatches).toBe(Math.ceil(8 / m.microBatch));
    expect(m.peakBytes).toBeLessThanOrEqual(limit);
    expect(m.limitBytes).toBeCloseTo(limit, -1);
  });

  test('a frozen backbone that fits only with its weights packed per product (wasm): the same losses, bit for bit; provenance says so', async () => {
    const lspec = (h: Partial<RunSpec['hyper']>) => ({ ...spec(h, 'lora'), model: `local:${local}` });
    const kept = await runGlue(lspec({}), () => {});
    expect(kept.provenance!.memory!.weightPacks).toBe('kept');
    // just under the plan with the packs kept: the plan switches to packing frozen weights per product
    process.env[MEMORY_LIMIT_ENV] = String((kept.provenance!.memory!.peakBytes - 1) / 2 ** 30);
    const released = await runGlue(lspec({}), () => {});
    expect(released.status).toBe('ok');
    expect(released.provenance!.memory).toMatchObject({ weightPacks: 'per-product', microBatch: 8, microBatches: 1 });
    expect(released.provenance!.memory!.peakBytes).toBeLessThan(kept.provenance!.memory!.peakBytes);
    expect(released.history!.loss).toEqual(kept.history!.loss);
  });

  test('over the limit even at one row per micro-batch: the plan refuses before loading, with the numbers', async () => {
    process.env[MEMORY_LIMIT_ENV] = '0.001';
    await expect(runGlue(mspec({ microBatch: 'auto', gradientCheckpointing: true }), () => {})).rejects.toThrow(
      /run sst2-unit: .*micro-roberta\/config\.json: a training step needs about .* GiB = weights .*; the wasm backend has 0\.00 GiB \(given limit\)/,
    );
  });
});

describe('keys a family does not read are refused when the sweep loads', () => {
  const dir = tempDir();
  const sweep = (hyper: string, family = 'glue', tasks = '[sst2]') =>
    `family: ${family}\nmodel: pretrain:micro-roberta\ndata: demo\nprotocol: dev\ntasks: ${tasks}\nseeds: [1]\nmethods: [lora]\nhyper:\n  learningRate: 0.01\n  batchSize: 8\n  epochs: 1\n  maxLength: 32\n  warmupRatio: 0\n  weightDecay: 0\n${hyper}`;

  test('an E2E decoding key in a GLUE sweep: refused with its line', () => {
    const file = writeFile(dir, 'glue-extra.yaml', sweep('  extra: {numBeams: 4}\n'));
    expect(() => loadSweepFile(file)).toThrow(/glue-extra\.yaml:15 \[hyper\.extra\.numBeams\]: 'numBeams' is not a setting of the glue family/);
  });

  test('the same key in an E2E sweep is accepted; a bad value is refused at expansion', () => {
    expect(() => loadSweepFile(writeFile(dir, 'e2e-extra.yaml', sweep('  extra: {numBeams: 4}\n', 'e2e', '[e2e]')))).not.toThrow();
    const bad = loadSweepFile(writeFile(dir, 'e2e-bad.yaml', sweep('  extra: {numBeams: 0}\n', 'e2e', '[e2e]')));
    expect(() => expandSweep(bad)).toThrow(/e2e-bad\.yaml \[method lora, task e2e, hyper\.numBeams\]: Too small/);
  });

  test('a method config error is found at load, with file, line and key, before any work', () => {
    const text = sweep('').replace('methods: [lora]', 'methods:\n  - name: lora\n    config: {r: -4, lora_alpha: 8}');
    const file = writeFile(dir, 'bad-config.yaml', text);
    expect(() => loadSweepFile(file)).toThrow(/bad-config\.yaml:9 \[methods\[0\]\.config\.r\]: lora: Too small/);
    const unknown = writeFile(dir, 'unknown-key.yaml', text.replace('r: -4', 'rank: 4'));
    expect(() => loadSweepFile(unknown)).toThrow(/unknown-key\.yaml:9 \[methods\[0\]\.config\.rank\]: lora: unknown key 'rank'/);
  });
});
