import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasShared, sharedDir } from '@peftbench/util';
import { CharBertTokenizer } from '../../test-support/fake-tokenizers.ts';
import { BadRows } from '../common/bad-rows.ts';
import { conllEncode, predictionsToWords } from './encode.ts';
import { iob1ToIob2, isIob2, spans } from './iob.ts';
import { loadConll } from './load.ts';
import { parseConll } from './parse.ts';

const DIR = join(sharedDir, 'data', 'conll2003');
if (!hasShared('data/conll2003')) console.log(`skipping real CoNLL-2003 tests: ${DIR} is absent`);

describe.skipIf(!hasShared('data/conll2003'))('real CoNLL-2003 files', () => {
  test('sentence / token / document counts and entity counts as the manifest', async () => {
    const d = await loadConll({ source: { kind: 'folder', dir: DIR } });
    const count = (s: string) => d.splits[s].length;
    expect([count('train'), count('validation'), count('test')]).toEqual([14041, 3250, 3453]);
    const tokens = (s: string) => d.splits[s].reduce((n, x) => n + x.tokens.length, 0);
    expect([tokens('train'), tokens('validation'), tokens('test')]).toEqual([203621, 51362, 46435]);
    expect(d.splits.train[d.splits.train.length - 1].doc).toBe(945); // 946 documents
    const entities = (s: string) => {
      const c: Record<string, number> = {};
      for (const x of d.splits[s]) for (const [type] of spans(x.ner)) c[type] = (c[type] ?? 0) + 1;
      return c;
    };
    expect(entities('train')).toEqual({ PER: 6600, LOC: 7140, ORG: 6321, MISC: 3438 });
    expect(entities('test')).toEqual({ PER: 1617, LOC: 1668, ORG: 1661, MISC: 702 });
    expect(d.splits.train.every((x) => isIob2(x.ner))).toBe(true);
    expect(d.splits.train[0].tokens).toEqual(['EU', 'rejects', 'German', 'call', 'to', 'boycott', 'British', 'lamb', '.']);
    expect(d.splits.train[0].ner).toEqual(['B-ORG', 'O', 'B-MISC', 'O', 'O', 'O', 'B-MISC', 'O', 'O']);
  });
});

describe('CoNLL format', () => {
  const text = '-DOCSTART- -X- -X- O\n\nPeter NNP B-NP I-PER\nBlackburn NNP I-NP I-PER\n\nin IN B-PP O\nNew NNP B-NP I-LOC\nYork NNP I-NP I-LOC\nand CC O O\nParis NNP B-NP I-LOC\n\n';
  test('IOB1 -> IOB2 on request; documents and sentences', () => {
    const raw = parseConll(text, 'f.txt', new BadRows(false));
    expect(raw.map((s) => s.ner)).toEqual([['I-PER', 'I-PER'], ['O', 'I-LOC', 'I-LOC', 'O', 'I-LOC']]);
    const conv = parseConll(text, 'f.txt', new BadRows(false), { iob1ToIob2: true });
    expect(conv.map((s) => s.ner)).toEqual([['B-PER', 'I-PER'], ['O', 'B-LOC', 'I-LOC', 'O', 'B-LOC']]);
    expect(conv[1].nerIds).toEqual([0, 5, 6, 0, 5]);
    expect(iob1ToIob2(['I-PER', 'B-PER', 'I-LOC'])).toEqual(['B-PER', 'B-PER', 'B-LOC']);
  });
  test('wrong column count and an unknown tag: file:line, or the sentence skipped and counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conll-'));
    writeFileSync(join(dir, 'train.txt'), 'a DT B-NP O\nb NN I-NP\n\nc NN B-NP B-FOO\n\nd NN B-NP B-PER\n');
    writeFileSync(join(dir, 'valid.txt'), 'x NN B-NP O\n');
    writeFileSync(join(dir, 'test.txt'), '\n');
    await expect(loadConll({ source: { kind: 'folder', dir }, splits: ['train'] })).rejects.toThrow(/train\.txt:2: expected 4 space-separated columns .*got 3/);
    const d = await loadConll({ source: { kind: 'folder', dir }, splits: ['train', 'validation'], skipBadRows: true });
    expect(d.splits.train.map((s) => s.tokens)).toEqual([['d']]);
    expect(d.skipped.map((s) => s.message)).toEqual([expect.stringMatching(/train\.txt:2:/), expect.stringMatching(/train\.txt:4: NER tag 'B-FOO'/)]);
    await expect(loadConll({ source: { kind: 'folder', dir }, splits: ['test'] })).rejects.toThrow(/test\.txt \[test\]: split is empty/);
  });
});

describe('token-classification encoding', () => {
  const tok = new CharBertTokenizer();
  const s = { tokens: ['Ann', 'ran'], pos: [], chunk: [], ner: ['B-PER', 'O'], nerIds: [1, 0], doc: 0, idx: 0 };
  test('label on the first sub-token, -100 on the rest and on specials; reverse mapping', () => {
    const [e] = conllEncode([s], tok, { maxLength: 64, spaceBeforeWords: 'none' });
    expect(e.inputIds).toHaveLength(8);
    expect(e.label).toEqual([-100, 1, -100, -100, 0, -100, -100, -100]);
    expect(e.wordIndex).toEqual([-1, 0, 0, 0, 1, 1, 1, -1]);
    expect(predictionsToWords([9, 3, 7, 7, 4, 8, 8, 9], e)).toEqual([3, 4]);
  });
  test("spaceBeforeWords 'all' tokenizes ' Ann'; truncation drops whole words", () => {
    const [e] = conllEncode([s], tok, { maxLength: 7 });
    expect(tok.decode(e.inputIds)).toBe('[CLS] Ann[SEP]');
    expect(predictionsToWords([0, 1, 0, 0, 0, 0], e)).toEqual([1, 0]);
  });
});

describe('demo NER corpus', () => {
  test('seeded, IOB2, all four types, titled demo data', async () => {
    const a = await loadConll({ source: { kind: 'demo', seed: 5 } });
    expect(a).toEqual(await loadConll({ source: { kind: 'demo', seed: 5 } }));
    expect(a.source).toContain('demo data');
    expect(a.splits.train).toHaveLength(400);
    const types = new Set(a.splits.train.flatMap((x) => spans(x.ner).map(([t]) => t)));
    expect([...types].sort()).toEqual(['LOC', 'MISC', 'ORG', 'PER']);
    expect(a.splits.train.every((x) => isIob2(x.ner) && x.nerIds.every((i) => i >= 0))).toBe(true);
    expect(a.splits.train.some((x) => x.ner.some((t) => t.startsWith('I-')))).toBe(true);
  });
});
