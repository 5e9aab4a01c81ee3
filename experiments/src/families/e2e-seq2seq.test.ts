/**
 * E2E as seq2seq on an encoder-decoder (e2e-seq2seq.ts) through the real run function: runE2e with a `local:` tiny
 * T5 folder written here (config.json + model.safetensors + spiece.model; no ../shared), demo E2E data. Checks the
 * split of the causal layout into source / target, that the selection loss is the teacher-forced loss of the
 * targets alone (padding rows do not change it), and that a run trains, generates and scores all five metrics.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { getMethod, initBackend, loadModel, parseMethodConfig, type T5Model } from '@peftbench/core';
import { e2eEncode } from '@peftbench/datasets';
import { loadTokenizer } from '@peftbench/tokenizers';
import '../methods.ts';
import type { RunSpec } from '../run-types.ts';
import { writeTinyT5 } from '../testing/tiny-t5.ts';
import { E2E_METRICS, runE2e } from './e2e-run.ts';
import { meanSeq2seqLoss, seq2seqPair } from './e2e-seq2seq.ts';

let dir = '';
beforeAll(async () => {
  await initBackend();
  dir = writeTinyT5({ seed: 4 });
});

describe('E2E seq2seq pieces', () => {
  test('source = MR + </s>, target = reference + </s>; a prompt has no target', async () => {
    const tok = await loadTokenizer(dir);
    const [ex, prompt] = e2eEncode([{ mr: 'name[Aromi]', ref: 'Aromi is a pub.', idx: 0 }, { mr: 'name[Aromi]', idx: 1 }], tok, { eosId: 1, maxSource: 64, maxTarget: 64 });
    const p = seq2seqPair(ex, 'test');
    expect(p.source.at(-1)).toBe(1);
    expect(p.target.at(-1)).toBe(1);
    expect(tok.decode(p.source, { skipSpecialTokens: true }).trim()).toBe('name[Aromi]');
    expect(tok.decode(p.target, { skipSpecialTokens: true }).trim()).toBe('Aromi is a pub.');
    expect(seq2seqPair(prompt, 'test').target).toEqual([]);
  });

  test('the selection loss does not depend on how rows are batched (padding and -100 are masked)', async () => {
    const { model } = await loadModel<T5Model>(dir, { task: 'causal-lm' });
    const pairs = [
      { source: [10, 11, 12, 1], target: [20, 21, 1] },
      { source: [13, 1], target: [22, 23, 24, 25, 1] },
      { source: [14, 15, 16, 17, 18, 19, 1], target: [26, 1] },
    ];
    const together = meanSeq2seqLoss(model, pairs, 8, 0);
    const apart = meanSeq2seqLoss(model, pairs, 1, 0);
    expect(Number.isFinite(together)).toBe(true);
    expect(Math.abs(together - apart)).toBeLessThan(1e-5);
    model.dispose();
  });
});

describe('runE2e on a tiny T5 (local: folder, demo data)', () => {
  test('red: trains on targets, keeps the lowest selection loss, generates, scores all five E2E metrics', async () => {
    const spec: RunSpec = {
      sweep: 'e2e-t5-test',
      id: 'e2e-red-s1-test',
      family: 'e2e',
      task: 'e2e',
      method: 'red',
      methodConfig: {},
      seed: 1,
      model: `local:${dir}`,
      data: { kind: 'demo' },
      protocol: 'dev',
      hyper: { learningRate: 1e-2, batchSize: 4, epochs: 1, maxSteps: 2, maxLength: 48, warmupRatio: 0, weightDecay: 0, trainLimit: 8, evalLimit: 3, numBeams: 2, maxNewTokens: 6, genBatchSize: 2 },
    };
    const r = await runE2e(spec, () => {});
    expect(r.status, r.message).toBe('ok');
    expect(r.message).toContain('encoder-decoder (seq2seq)');
    expect(r.best?.metric).toBe('loss');
    expect(Number.isFinite(r.best!.value)).toBe(true);
    for (const k of E2E_METRICS) expect(Number.isFinite(r.best!.testMetrics![k]), `${k}: ${JSON.stringify(r.best!.testMetrics)}`).toBe(true);
    expect(r.data).toMatchObject({ train: 8, report: 3 });
    const m = getMethod('red');
    const counted = m.countTrainable(JSON.parse(readFileSync(`${dir}/config.json`, 'utf8')), parseMethodConfig(m, {}, 'test'), { kind: 'causal-lm' }) as number | { method: number; head: number };
    expect(r.trainableParams).toBe(typeof counted === 'number' ? counted : counted.method + counted.head);
  });
});
