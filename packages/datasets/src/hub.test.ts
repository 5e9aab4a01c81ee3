import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLoopbackHub, type LoopbackHub } from '@peftbench/hub/testing';
import { writeHubFixtures } from '../test-support/hub-fixtures.ts';
import { loadGlue } from './glue/load.ts';
import { GLUE_HUB_REPO, glueHubFiles } from './glue/hub.ts';
import { prefetch } from '@peftbench/hub';
import { loadE2e } from './e2e/load.ts';
import { loadConll } from './conll/load.ts';
import { loadMath } from './math/load.ts';

describe('hub source against the loopback hub (parquet fixtures in the hub layouts)', () => {
  let hub: LoopbackHub;
  const root = mkdtempSync(join(tmpdir(), 'ds-hub-'));
  const cacheDir = join(root, 'cache');
  beforeAll(async () => {
    const f = writeHubFixtures(root);
    hub = await startLoopbackHub({ datasets: { 'nyu-mll/glue': f.glue, 'tuetschek/e2e_nlg': f.e2e, 'eriktks/conll2003': f.conll, 'someone/llm-adapters-math': f.math } });
  });
  afterAll(async () => hub?.close());
  // The loopback hub answers revision "main" only; the real e2e_nlg / conll2003 parquet live on refs/convert/parquet.
  const src = (extra: object = {}) => ({ kind: 'hub' as const, hubUrl: hub.url, cacheDir, ...extra });

  test('GLUE rte: nyu-mll/glue rte/{train,validation}-00000-of-00001.parquet', async () => {
    const d = await loadGlue('rte', { source: src() });
    expect(d.splits.train).toEqual([
      { text: 'A man is sleeping.', textPair: 'Someone sleeps.', label: 0, idx: 0 },
      { text: 'It rains.', textPair: 'It is sunny.', label: 1, idx: 1 },
      { text: 'Cats purr.', textPair: 'Cats make sounds.', label: 0, idx: 2 },
    ]);
    expect(d.splits.validation.map((e) => e.label)).toEqual([1, 0]);
    expect(d.source).toBe('hub nyu-mll/glue@main');
    // `main` is resolved to a commit once; the files are then fetched at that commit
    const commit = hub.commitOf('dataset', 'nyu-mll/glue');
    expect(hub.requests).toContain('GET /api/datasets/nyu-mll/glue/revision/main');
    expect(hub.requests.some((r) => r.startsWith(`POST /api/datasets/nyu-mll/glue/paths-info/${commit}`))).toBe(true);
    expect(hub.requests.some((r) => r.includes(`/datasets/nyu-mll/glue/resolve/${commit}/rte/train-00000-of-00001.parquet`))).toBe(true);
  });

  test('GLUE mnli matched/mismatched and stsb float labels', async () => {
    const mnli = await loadGlue('mnli', { source: src() });
    expect(mnli.splits.validation_mismatched[2]).toEqual({ text: 'validation_mismatched p2', textPair: 'h2', label: 2, idx: 2 });
    expect(mnli.splits.validation).toBe(mnli.splits.validation_matched);
    const stsb = await loadGlue('stsb', { source: src() });
    expect(stsb.splits.train.map((e) => e.label)).toEqual([4.25, 0.5]);
  });

  test('a label outside the label set names the file and the record; skipBadRows counts it', async () => {
    await expect(loadGlue('cola', { source: src() })).rejects.toThrow(/nyu-mll\/glue\/cola\/train-00000-of-00001\.parquet \[record 1\]: label 7 is outside/);
    const d = await loadGlue('cola', { source: src(), skipBadRows: true });
    expect(d.splits.train).toHaveLength(1);
    expect(d.skipped).toHaveLength(2);
  });

  test('a task the repo lacks: a clear error', async () => {
    await expect(loadGlue('qqp', { source: src() })).rejects.toThrow(/qqp\/train-00000-of-00001\.parquet/);
  });

  test('E2E: tuetschek/e2e_nlg default/<split>/0000.parquet, grouped by MR', async () => {
    const d = await loadE2e({ source: src({ revision: 'main' }) });
    expect(d.splits.validation.groups).toEqual([
      { mr: 'name[A], eatType[pub]', refs: ['A is a pub (validation).', 'There is a pub called A.'], idx: 0 },
      { mr: 'name[B], food[Thai], area[riverside]', refs: ['B serves Thai food by the river.'], idx: 1 },
    ]);
    expect(d.splits.train.pairs).toHaveLength(3);
  });

  test('CoNLL: eriktks/conll2003 ClassLabel ids mapped back to tag strings', async () => {
    const d = await loadConll({ source: src({ revision: 'main' }) });
    expect(d.splits.test[0]).toMatchObject({ tokens: ['EU', 'rejects', 'German', 'call'], pos: ['NNP', 'VBZ', 'JJ', 'NN'], chunk: ['B-NP', 'B-VP', 'B-NP', 'I-NP'], ner: ['B-ORG', 'O', 'B-MISC', 'O'] });
    expect(d.splits.train[1].ner).toEqual(['B-PER', 'I-PER']);
  });

  test('math: JSON files in the LLM-Adapters layout of a named repo; no repo = a clear error', async () => {
    const d = await loadMath({ source: src({ repo: 'someone/llm-adapters-math' }), sets: ['gsm8k'] });
    expect(d.train!.map((r) => r.answer)).toEqual(['2', '4']);
    expect(d.eval.gsm8k[0].instruction).toBe('3+3?');
    await expect(loadMath({ source: src(), sets: ['gsm8k'] })).rejects.toThrow(/name a dataset repo/);
  });

  test('cached downloads are reused with no request (works offline)', async () => {
    await loadGlue('rte', { source: src() });
    const before = hub.requests.length;
    const d = await loadGlue('rte', { source: src() });
    expect(hub.requests.length).toBe(before);
    expect(d.splits.train).toHaveLength(3);
    const offline = await loadGlue('rte', { source: { kind: 'hub', hubUrl: 'http://127.0.0.1:9', cacheDir } });
    expect(offline.splits.validation).toHaveLength(2);
  });

  test('glueHubFiles names what a run reads, so `prefetch` can fill a cache for an offline run pinned to the commit', async () => {
    expect(glueHubFiles(['rte', 'mnli'])).toEqual([
      'rte/train-00000-of-00001.parquet', 'rte/validation-00000-of-00001.parquet',
      'mnli/train-00000-of-00001.parquet', 'mnli/validation_matched-00000-of-00001.parquet', 'mnli/validation_mismatched-00000-of-00001.parquet',
    ]);
    const cache = join(root, 'prefetched');
    const [got] = await prefetch([{ repo: GLUE_HUB_REPO, repoType: 'dataset', files: glueHubFiles(['rte']) }], { hubUrl: hub.url, cacheDir: cache });
    expect(got.commit).toBe(hub.commitOf('dataset', 'nyu-mll/glue'));
    const before = hub.requests.length;
    const d = await loadGlue('rte', { source: { kind: 'hub', revision: got.commit, hubUrl: hub.url, cacheDir: cache } });
    expect(d.source).toBe(`hub nyu-mll/glue@${got.commit}`);
    expect(d.splits.train).toHaveLength(3);
    expect(hub.requests.length).toBe(before);
  });
});
