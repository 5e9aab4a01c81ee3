import { beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, loadModel } from '@peftbench/core';
import { readSafetensors } from '@peftbench/safetensors';
import { loadTokenizer } from '@peftbench/tokenizers';
import { tempDir } from '../testing/tmp.ts';
import { corpusTexts, ensurePretrained } from './pretrain.ts';
import { parseRecipe, recipeHash } from './recipe.ts';

beforeAll(async () => {
  process.env.PEFTBENCH_BACKEND ??= 'wasm';
  await initBackend();
});

describe('recipes', () => {
  test('the pair objective is part of the recipe, so of the cache key', () => {
    const withPairs = parseRecipe('micro-roberta:pairWeight=1');
    expect(withPairs.pairWeight).toBe(1);
    expect(parseRecipe('micro-roberta').pairWeight).toBe(0); // off by default (see pairs.ts)
    expect(recipeHash(parseRecipe('micro-roberta'), 'demo')).not.toBe(recipeHash(withPairs, 'demo'));
    expect(() => parseRecipe('micro-roberta:pairWeight=-1')).toThrow(/pairWeight/);
  });
});

describe('recipe overrides and the GLUE corpus', () => {
  test('an unknown field is an error that lists the fields; an optional field (corpusMinWords) can be set and changes the hash', () => {
    expect(() => parseRecipe('micro-roberta:stepz=3')).toThrow(/bad override 'stepz=3'.*corpusMinWords/);
    const long = parseRecipe('micro-roberta:corpusMinWords=4');
    expect(long.corpusMinWords).toBe(4);
    expect(recipeHash(long, 'x')).not.toBe(recipeHash(parseRecipe('micro-roberta'), 'x'));
  });

  test('corpusMinWords keeps only sentences of that many words; none left is an error naming the field', async () => {
    const dir = tempDir('peftbench-corpus-');
    mkdirSync(join(dir, 'SST-2'));
    const rows = ['a b', 'one two three four', 'x y z', 'five six seven eight nine'].map((t, i) => `${t}\t${i % 2}`);
    writeFileSync(join(dir, 'SST-2', 'train.tsv'), ['sentence\tlabel', ...rows].join('\n') + '\n');
    writeFileSync(join(dir, 'SST-2', 'dev.tsv'), ['sentence\tlabel', ...rows].join('\n') + '\n');
    const all = await corpusTexts(parseRecipe('micro-roberta'), { kind: 'glue', dir });
    expect(all.texts).toHaveLength(4);
    const long = await corpusTexts(parseRecipe('micro-roberta:corpusMinWords=4'), { kind: 'glue', dir });
    expect([...long.texts].sort()).toEqual(['five six seven eight nine', 'one two three four']);
    expect(long.id).not.toBe(all.id);
    await expect(corpusTexts(parseRecipe('micro-roberta:corpusMinWords=9'), { kind: 'glue', dir })).rejects.toThrow(/corpusMinWords/);
  });

  test('corpusBalanced draws an equal share from each task (pooled, the big task fills the sample); the demo corpus refuses it', async () => {
    const dir = tempDir('peftbench-corpus-');
    const task = (folder: string, header: string, rows: string[]) => {
      mkdirSync(join(dir, folder));
      for (const f of ['train.tsv', 'dev.tsv']) writeFileSync(join(dir, folder, f), [header, ...rows].join('\n') + '\n');
    };
    task('SST-2', 'sentence\tlabel', Array.from({ length: 40 }, (_, i) => `sst sentence ${i}\t${i % 2}`));
    task('CoLA', '', Array.from({ length: 4 }, (_, i) => `src\t${i % 2}\t\tcola sentence ${i}`));
    const pooled = await corpusTexts(parseRecipe('micro-roberta:corpusSize=8'), { kind: 'glue', dir });
    const balanced = await corpusTexts(parseRecipe('micro-roberta:corpusSize=8,corpusBalanced=true'), { kind: 'glue', dir });
    expect(balanced.texts.filter((t) => t.startsWith('cola')).sort()).toEqual(['cola sentence 0', 'cola sentence 1', 'cola sentence 2', 'cola sentence 3']);
    expect(balanced.texts.filter((t) => t.startsWith('sst'))).toHaveLength(4);
    expect(pooled.texts).toHaveLength(8);
    expect(pooled.texts.filter((t) => t.startsWith('cola')).length).toBeLessThan(4);
    expect(balanced.id).not.toBe(pooled.id);
    await expect(corpusTexts(parseRecipe('micro-roberta:corpusBalanced=true'), { kind: 'demo' })).rejects.toThrow(/corpusBalanced draws from each GLUE task/);
  });
});

describe('the demo corpus with NER sentences (corpusNer)', () => {
  test('appends that many cased sentences of the demo NER train split, and is another corpus (id)', async () => {
    const { demoConllSentences } = await import('@peftbench/datasets');
    const plain = await corpusTexts(parseRecipe('micro-roberta'), { kind: 'demo' });
    const ner = await corpusTexts(parseRecipe('micro-roberta:corpusNer=50'), { kind: 'demo' });
    expect(ner.texts.slice(0, plain.texts.length)).toEqual(plain.texts);
    expect(ner.texts.slice(plain.texts.length)).toEqual(demoConllSentences(0, 'train', 50).map((s) => s.tokens.join(' ')));
    expect(ner.texts.slice(plain.texts.length).some((t) => /[A-Z]/.test(t))).toBe(true);
    expect(ner.id).not.toBe(plain.id);
    // tiny-roberta-ner's 400 are the CoNLL family's own demo train split (loadConll's default size), nothing else
    const { loadConll } = await import('@peftbench/datasets');
    const family = await loadConll({ source: { kind: 'demo' }, splits: ['train'] });
    const shipped = await corpusTexts(parseRecipe('tiny-roberta-ner'), { kind: 'demo' });
    expect(shipped.texts.slice(-400)).toEqual(family.splits.train.map((s) => s.tokens.join(' ')));
  });

  test('a decoder recipe refuses the encoder-only fields instead of ignoring them', async () => {
    const { ensurePretrainedDecoder } = await import('./decoder.ts');
    await expect(ensurePretrainedDecoder('micro-gpt2:corpusNer=5', { cacheDir: tempDir('peftbench-pretrain-') })).rejects.toThrow(/corpusNer is an encoder field/);
    await expect(ensurePretrainedDecoder('micro-gpt2:summaryIdf=true', { cacheDir: tempDir('peftbench-pretrain-') })).rejects.toThrow(/summaryIdf is an encoder field/);
  });

  test('corpusPaired puts each training MR\'s references after its table linearisation; refused where it would do nothing', async () => {
    const { decoderCorpusDocuments, ensurePretrainedDecoder } = await import('./decoder.ts');
    const { e2eSplitsFor } = await import('../data/e2e-data.ts');
    const { lineariseMr } = await import('@peftbench/datasets');
    const apart = await decoderCorpusDocuments(parseRecipe('micro-gpt2:corpusSize=100000'), { kind: 'demo' });
    const paired = await decoderCorpusDocuments(parseRecipe('micro-gpt2:corpusSize=100000,corpusPaired=true'), { kind: 'demo' });
    const { train } = await e2eSplitsFor({ kind: 'demo' });
    const mr = train[0].mr;
    const doc = paired.documents.find((d) => d[0] === lineariseMr(mr, 'table'))!;
    expect(doc.slice(1)).toEqual(train.filter((p) => p.mr === mr).map((p) => ` ${p.ref}`));
    expect(apart.documents.some((d) => d[0] === lineariseMr(mr, 'table'))).toBe(false); // references stand alone
    expect(paired.documents).toHaveLength(apart.documents.length);
    expect(paired.id).not.toBe(apart.id);
    await expect(ensurePretrained('micro-roberta:corpusPaired=true', { cacheDir: tempDir('peftbench-pretrain-') })).rejects.toThrow(/corpusPaired is a decoder field/);
    await expect(ensurePretrainedDecoder('micro-gpt2:corpusPaired=true', { corpus: { kind: 'math', data: { kind: 'demo' } }, cacheDir: tempDir('peftbench-pretrain-') })).rejects.toThrow(/corpusPaired arranges E2E documents/);
  });

  test('with a GLUE folder it would do nothing, so it is refused', async () => {
    await expect(corpusTexts(parseRecipe('micro-roberta:corpusNer=10'), { kind: 'glue', dir: tempDir('peftbench-corpus-') })).rejects.toThrow(/corpusNer adds demo NER sentences to the demo corpus only/);
  });
});

describe('ensurePretrained (micro-roberta, demo corpus)', () => {
  test('the same recipe pretrained twice gives the same bytes (seed 0 included: tfjs reads a normal seed of 0 as none)', async () => {
    const weights = async () => readFileSync(join(await ensurePretrained('micro-roberta:steps=3,pairWeight=1', { cacheDir: tempDir('peftbench-pretrain-') }), 'model.safetensors'));
    expect(parseRecipe('micro-roberta').seed).toBe(0);
    expect((await weights()).equals(await weights())).toBe(true);
  });

  test('the <s> spread objective changes the pretrained weights (and the cache key); deterministic like the rest', async () => {
    const weights = async (spec: string) => readFileSync(join(await ensurePretrained(spec, { cacheDir: tempDir('peftbench-pretrain-') }), 'model.safetensors'));
    expect(recipeHash(parseRecipe('micro-roberta:spreadWeight=1'), 'demo')).not.toBe(recipeHash(parseRecipe('micro-roberta'), 'demo'));
    const spread = await weights('micro-roberta:steps=3,spreadWeight=1');
    expect(spread.equals(await weights('micro-roberta:steps=3'))).toBe(false);
    expect(spread.equals(await weights('micro-roberta:steps=3,spreadWeight=1'))).toBe(true);
  });

  test('summaryIdf re-weights the summary target (other weights, other cache key); off by default', async () => {
    const weights = async (spec: string) => readFileSync(join(await ensurePretrained(spec, { cacheDir: tempDir('peftbench-pretrain-') }), 'model.safetensors'));
    expect(parseRecipe('micro-roberta').summaryIdf).toBeUndefined();
    expect(parseRecipe('micro-roberta:summaryIdf=true').summaryIdf).toBe(true);
    expect(recipeHash(parseRecipe('micro-roberta:summaryIdf=true'), 'demo')).not.toBe(recipeHash(parseRecipe('micro-roberta'), 'demo'));
    expect((await weights('micro-roberta:steps=3,summaryIdf=true')).equals(await weights('micro-roberta:steps=3'))).toBe(false);
    expect(() => parseRecipe('micro-roberta:summaryIdf=yes')).toThrow(/summaryIdf/);
  });

  test('with the pair objective and mimetic init: an HF folder without the pretraining-only readouts, which loads for classification', async () => {
    const cache = tempDir('peftbench-pretrain-');
    const losses: number[] = [];
    const dir = await ensurePretrained('micro-roberta:steps=12,pairWeight=1,mimeticInit=0.5', { cacheDir: cache, onProgress: (p) => losses.push(p.loss) });
    expect(losses).toHaveLength(12);
    expect(losses.every(Number.isFinite)).toBe(true);
    const names = [...readSafetensors(join(dir, 'model.safetensors')).tensors.keys()];
    expect(names).toContain('roberta.embeddings.word_embeddings.weight');
    expect(names.filter((n) => n.startsWith('pretraining.'))).toEqual([]);
    // whether the pair objective took, scored on fresh pairs, is recorded beside the weights
    const check = JSON.parse(readFileSync(join(dir, 'pretraining.json'), 'utf8')).pairObjective;
    expect(check.freshPairs).toBe(256);
    expect(check.overlapR).toHaveLength(2);
    expect(check.copyAccuracy).toBeGreaterThan(0);
    expect(check.copyMajority).toBeGreaterThanOrEqual(0.5);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.peftbench.recipe).toMatchObject({ pairWeight: 1, mimeticInit: 0.5 });
    const { model, report } = await loadModel(dir, { task: 'sequence-classification', numLabels: 2, seed: 0 });
    expect(report.newlyInitialised.every((n) => n.startsWith('classifier.'))).toBe(true);
    model.dispose();
    // cached: the second call trains nothing
    const again: number[] = [];
    expect(await ensurePretrained('micro-roberta:steps=12,pairWeight=1,mimeticInit=0.5', { cacheDir: cache, onProgress: (p) => again.push(p.loss) })).toBe(dir);
    expect(again).toEqual([]);
  }, 120_000);

  test('typeVocabSize=2: segment embeddings, and a tokenizer that gives sentence B type 1', async () => {
    const dir = await ensurePretrained('micro-roberta:steps=3,typeVocabSize=2', { cacheDir: tempDir('peftbench-pretrain-') });
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).type_vocab_size).toBe(2);
    expect(readSafetensors(join(dir, 'model.safetensors')).tensors.get('roberta.embeddings.token_type_embeddings.weight')!.shape[0]).toBe(2);
    const tok = await loadTokenizer(dir);
    const pair = tok.encode('the cat', 'the dog');
    const seps = pair.ids.flatMap((id, i) => (id === tok.special.eos ? [i] : []));
    expect(seps).toHaveLength(3); // <s> A </s></s> B </s>
    expect(pair.ids[0]).toBe(tok.special.bos);
    expect(pair.typeIds).toEqual(pair.ids.map((_, i) => (i > seps[0] ? 1 : 0)));
    expect(tok.encode('the cat').typeIds.every((t) => t === 0)).toBe(true);
    // the main command's backbone has segment embeddings (pair objective); the test recipe stays RoBERTa's one type
    expect(parseRecipe('tiny-roberta').typeVocabSize).toBe(2);
    expect(parseRecipe('micro-roberta').typeVocabSize).toBe(1);
  }, 120_000);
});
