import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasShared, sharedDir } from '@peftbench/util';
import { CharGptTokenizer } from '../../test-support/fake-tokenizers.ts';
import { batches } from '../common/batch.ts';
import { e2eEncode } from './encode.ts';
import { loadE2e } from './load.ts';
import { lineariseMr, parseMr } from './mr.ts';

const E2E = join(sharedDir, 'data', 'e2e');
if (!hasShared('data/e2e')) console.log(`skipping real-E2E tests: ${E2E} is absent`);

describe.skipIf(!hasShared('data/e2e'))('real E2E files', () => {
  test('dev 547 MRs / 4,672 refs; test 630 MRs / 4,693 refs; no train file -> no train split', async () => {
    const d = await loadE2e({ source: { kind: 'folder', dir: E2E } });
    expect(Object.keys(d.splits).sort()).toEqual(['test', 'validation']);
    expect(d.splits.validation.groups).toHaveLength(547);
    expect(d.splits.validation.pairs).toHaveLength(4672);
    expect(d.splits.test.groups).toHaveLength(630);
    expect(d.splits.test.pairs).toHaveLength(4693);
    const g = d.splits.validation.groups[0];
    expect(g.mr).toBe('name[Alimentum], area[city centre], familyFriendly[no]');
    expect(g.refs[0]).toBe('There is a place in the city centre, Alimentum, that is not family-friendly.');
    expect(d.splits.test.groups[0].mr).toBe('name[Blue Spice], eatType[coffee shop], area[city centre]');
    const total = d.splits.validation.groups.reduce((s, x) => s + x.refs.length, 0);
    expect(total).toBe(4672);
  });
  test('asking for train by name when trainset.csv is absent names the file', async () => {
    await expect(loadE2e({ source: { kind: 'folder', dir: E2E }, splits: ['train'] })).rejects.toThrow(/trainset\.csv: missing train file/);
  });
});

describe('E2E CSV in the official format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
  writeFileSync(
    join(dir, 'trainset.csv'),
    'mr,ref\n"name[The Eagle], eatType[pub], near[Café Brazil]","The Eagle is a pub, near ""Café Brazil""."\n' +
      '"name[The Eagle], eatType[pub], near[Café Brazil]","A pub near Café Brazil:\nThe Eagle."\n' +
      '"name[Zizzi], food[Italian]",Zizzi serves Italian food.\n',
  );
  writeFileSync(join(dir, 'devset.csv'), 'mr,ref\n"name[A], area[riverside]",A is by the river.\n');
  test('quoted commas, doubled quotes, multi-line fields; grouping in first-appearance order', async () => {
    const d = await loadE2e({ source: { kind: 'folder', dir } });
    expect(d.splits.train.pairs.map((p) => p.ref)).toEqual(['The Eagle is a pub, near "Café Brazil".', 'A pub near Café Brazil:\nThe Eagle.', 'Zizzi serves Italian food.']);
    expect(d.splits.train.groups.map((g) => [g.mr.slice(0, 15), g.refs.length])).toEqual([['name[The Eagle]', 2], ['name[Zizzi], fo', 1]]);
  });
  test('unterminated quote: fatal, names file and the line the field starts on', async () => {
    writeFileSync(join(dir, 'devset.csv'), 'mr,ref\n"name[A]",ok\n"name[B]","never closed\n');
    await expect(loadE2e({ source: { kind: 'folder', dir }, skipBadRows: true })).rejects.toThrow(/devset\.csv:3: unterminated quoted field/);
  });
  test('wrong field count and a malformed MR: error, or skipped and counted', async () => {
    writeFileSync(join(dir, 'devset.csv'), 'mr,ref\n"name[A]",ok,extra\n"name[B",bad mr\n"name[C]",fine\n');
    await expect(loadE2e({ source: { kind: 'folder', dir } })).rejects.toThrow(/devset\.csv:2: expected 2 comma-separated fields, got 3/);
    const d = await loadE2e({ source: { kind: 'folder', dir }, skipBadRows: true });
    expect(d.splits.validation.pairs.map((p) => p.mr)).toEqual(['name[C]']);
    expect(d.skipped.map((s) => s.message)).toEqual([expect.stringMatching(/devset\.csv:2:/), expect.stringMatching(/devset\.csv:3: malformed meaning representation/)]);
  });
});

describe('MR linearisation and causal-LM encoding', () => {
  test('parse and linearise', () => {
    expect(parseMr('name[The Mill], customer rating[5 out of 5], near[Café Rouge]')).toEqual([
      { slot: 'name', value: 'The Mill' },
      { slot: 'customer rating', value: '5 out of 5' },
      { slot: 'near', value: 'Café Rouge' },
    ]);
    expect(lineariseMr('name[X], eatType[pub]', 'table')).toBe('name : X | eatType : pub');
    expect(lineariseMr('name[X], eatType[pub]', 'raw')).toBe('name[X], eatType[pub]');
  });

  const tok = new CharGptTokenizer();
  const c = (s: string) => [...s].map((x) => x.codePointAt(0)! + 10);
  test('source + EOS | inserted | " " + target + EOS, loss on the target only', () => {
    const [e] = e2eEncode([{ mr: 'name[A]', ref: 'Hi.', idx: 0 }], tok, { mrFormat: 'table', insertIds: [900, 901] });
    expect(e.inputIds).toEqual([...c('name : A'), 5, 900, 901, ...c(' Hi.'), 5]);
    expect(e.label).toEqual([...Array(9 + 2).fill(-100), ...c(' Hi.'), 5]);
    expect([e.sourceLength, e.insertStart, e.insertLength, e.targetLength]).toEqual([9, 9, 2, 5]);
  });
  test('truncation to maxSource / maxTarget keeps the EOS; no ref = generation prompt', () => {
    const [e] = e2eEncode([{ mr: 'name[ABCDEFGH]', ref: 'abcdefgh', idx: 0 }], tok, { maxSource: 4, maxTarget: 3 });
    expect(e.inputIds).toEqual([...c('nam'), 5, ...c(' a'), 5]);
    const [p] = e2eEncode([{ mr: 'name[A]', idx: 3 }], tok);
    expect(p.inputIds).toEqual([...c('name[A]'), 5]);
    expect(p.label.every((l) => l === -100)).toBe(true);
    const [b] = [...batches([e, p], { batchSize: 2, padId: 5, padSide: 'left' })];
    expect(b.inputIds[0]).toEqual([5, ...e.inputIds]); // 7 tokens left-padded to the prompt's 8
    expect(b.attentionMask[0]).toEqual([0, 1, 1, 1, 1, 1, 1, 1]);
    expect((b.labels as number[][])[0]).toEqual([-100, ...e.label]);
    expect(b.inputIds[1]).toEqual(p.inputIds);
  });
});

describe('demo E2E suite', () => {
  test('3-8 slots per MR, 3-5 references each, seeded, titled demo data', async () => {
    const a = await loadE2e({ source: { kind: 'demo', seed: 1, size: 50 } });
    const b = await loadE2e({ source: { kind: 'demo', seed: 1, size: 50 } });
    expect(a).toEqual(b);
    expect(a.source).toContain('demo data');
    expect(a.splits.train.groups).toHaveLength(50);
    for (const g of a.splits.train.groups) {
      const slots = parseMr(g.mr);
      expect(slots.length).toBeGreaterThanOrEqual(3);
      expect(slots.length).toBeLessThanOrEqual(8);
      expect(g.refs.length).toBeGreaterThanOrEqual(3);
      expect(g.refs.length).toBeLessThanOrEqual(5);
      for (const r of g.refs) expect(r.startsWith(slots[0].value)).toBe(true);
    }
    const c = await loadE2e({ source: { kind: 'demo', seed: 2, size: 50 } });
    expect(c.splits.train.groups[0].mr === a.splits.train.groups[0].mr && c.splits.train.groups[1].mr === a.splits.train.groups[1].mr).toBe(false);
  });
});
