import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadHypotheses, loadReferences, parseReferenceCsv, parseReferenceText } from './e2e-files.ts';
import { parseCsv } from './csv.ts';
import { findInvalidUtf8 } from './read-text.ts';

const dir = mkdtempSync(join(tmpdir(), 'metrics-io-'));

describe('E2E file layouts', () => {
  test('CSV: header, quotes, commas and "" inside fields, grouping in first-appearance order, Â£ fix', () => {
    const csv = 'mr,ref\n"name[A]","A is, ""nice"" Â£20."\n"name[A]","A again."\n"name[B]","B."\n';
    const r = parseReferenceCsv(csv, 'x.csv');
    expect(r.mrs).toEqual(['name[A]', 'name[B]']);
    expect(r.refs).toEqual([['A is, "nice" £20.', 'A again.'], ['B.']]);
  });
  test('CSV errors name file and line', () => {
    expect(() => parseReferenceCsv('mr,ref\n"a","b","c"\n', 'x.csv')).toThrow(/x\.csv:2: expected 2 columns/);
    expect(() => parseCsv('a,"b\n', 'y.csv')).toThrow(/y\.csv:1: unterminated/);
    expect(() => parseReferenceCsv('MR\n"name[x]"\n', 't.csv')).toThrow(/t\.csv:1: wrong columns/);
  });
  test('text layout: blank lines separate MRs; no blank line = single reference per line', () => {
    expect(parseReferenceText('a1\na2\n\nb1\n', 'r.txt').refs).toEqual([['a1', 'a2'], ['b1']]);
    expect(parseReferenceText('a\nb\n', 'r.txt').refs).toEqual([['a'], ['b']]);
    expect(() => parseReferenceText('a\n\n\nb\n', 'r.txt')).toThrow(/r\.txt:2: two blank lines/);
  });
  test('hypotheses keep empty lines, strip like Python, Unicode and very long lines pass through', () => {
    const long = 'word '.repeat(5000).trim();
    writeFileSync(join(dir, 'h.txt'), `  Café Rouge \u00a0\n\n${long}\n`);
    const h = loadHypotheses(join(dir, 'h.txt'));
    expect(h.length).toBe(3);
    expect(h[0]).toBe('Café Rouge');
    expect(h[1]).toBe('');
    expect(h[2].length).toBe(long.length);
  });
  test('invalid UTF-8 is located', () => {
    expect(findInvalidUtf8(new Uint8Array([0x61, 0x0a, 0xc3, 0x28]))).toEqual({ offset: 2, line: 2 });
    expect(findInvalidUtf8(new TextEncoder().encode('ok é 😀'))).toBeUndefined();
    writeFileSync(join(dir, 'bad.txt'), Buffer.from([0x61, 0x0a, 0x62, 0xff]));
    expect(() => loadHypotheses(join(dir, 'bad.txt'))).toThrow(/bad\.txt:2: invalid UTF-8 at byte 3/);
    expect(() => loadHypotheses(join(dir, 'missing.txt'))).toThrow(/cannot read file \(ENOENT\)/);
  });
});

describe.skipIf(!hasShared('data/e2e/testset_w_refs.csv'))('the real E2E files', () => {
  test('dev 547 MRs / 4672 refs, test 630 MRs / 4693 refs', () => {
    const dev = loadReferences(join(sharedDir, 'data/e2e/devset.csv'));
    const tst = loadReferences(join(sharedDir, 'data/e2e/testset_w_refs.csv'));
    expect([dev.mrs.length, dev.refs.flat().length, tst.mrs.length, tst.refs.flat().length]).toEqual([547, 4672, 630, 4693]);
  });
});
