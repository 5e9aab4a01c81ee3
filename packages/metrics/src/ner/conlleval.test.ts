import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, sharedDir } from '@peftbench/util';
import { conllEval, formatConllReport } from './conlleval.ts';

describe('conllEval by hand', () => {
  test('exact spans only; an I- after O opens a chunk (conlleval)', () => {
    const gold = [['B-PER', 'I-PER', 'O', 'B-LOC']];
    const pred = [['B-PER', 'I-PER', 'O', 'I-LOC']]; // I-LOC after O starts a LOC chunk: still correct
    const r = conllEval(gold, pred);
    expect([r.gold, r.found, r.correct]).toEqual([2, 2, 2]);
    expect(r.f1).toBe(100);
    expect(r.accuracy).toBe(75);
  });
  test('boundary and type errors', () => {
    const gold = [['B-ORG', 'I-ORG', 'O'], ['B-PER']];
    const pred = [['B-ORG', 'O', 'O'], ['B-LOC']];
    const r = conllEval(gold, pred);
    expect([r.gold, r.found, r.correct]).toEqual([2, 2, 0]);
    expect(r.perType.LOC).toMatchObject({ found: 1, gold: 0, precision: 0 });
    expect(r.f1).toBe(0);
  });
  test('IOB1: I-X I-X is one chunk, B-X splits two adjacent same-type chunks', () => {
    const gold = [['I-PER', 'I-PER', 'B-PER', 'O']];
    const r = conllEval(gold, [['I-PER', 'I-PER', 'I-PER', 'O']], 'iob1');
    expect([r.gold, r.found, r.correct]).toEqual([2, 1, 0]);
  });
  test('IOBES: S- and E- close chunks', () => {
    const gold = [['S-PER', 'S-PER', 'B-LOC', 'E-LOC', 'B-LOC', 'E-LOC']];
    const r = conllEval(gold, gold, 'iobes');
    expect([r.gold, r.correct]).toEqual([4, 4]);
    const r2 = conllEval(gold, [['B-PER', 'E-PER', 'B-LOC', 'I-LOC', 'I-LOC', 'E-LOC']], 'iobes');
    expect([r2.found, r2.correct]).toEqual([2, 0]);
  });
  test('bad input names the place', () => {
    expect(() => conllEval([['B-PER']], [['B-PER', 'O']])).toThrow(/sentence 0 has 1 gold tags but 2/);
    expect(() => conllEval([['X-PER']], [['O']])).toThrow(/sentence 0, token 0: gold tag 'X-PER'/);
  });
});

const FIXTURE = 'fixtures/metrics/ner_conll2003_conlleval.json';
describe.skipIf(!hasShared(FIXTURE))('conllEval vs conlleval perl on CoNLL-2003 dev', () => {
  if (!hasShared(FIXTURE)) console.log(`skip: ${FIXTURE} not found under ${sharedDir}`);
  const fx = hasShared(FIXTURE) ? JSON.parse(readFileSync(join(sharedDir, FIXTURE), 'utf8')) : { cases: [] };
  for (const c of fx.cases as any[]) {
    test(c.name, () => {
      const r = conllEval(fx.gold_iob2, c.predictions, 'iob2');
      const e = c.exact_full_precision;
      expect([r.tokens, r.gold, r.found, r.correct]).toEqual([e.tokens, e.gold_phrases, e.found_phrases, e.correct_phrases]);
      for (const k of ['accuracy', 'precision', 'recall'] as const) expect(Math.abs(r[k] - e[k])).toBeLessThan(1e-9);
      expect(Math.abs(r.f1 - e.FB1)).toBeLessThan(1e-9);
      for (const [t, v] of Object.entries<any>(e.per_type)) {
        expect([r.perType[t].gold, r.perType[t].found, r.perType[t].correct]).toEqual([v.gold_phrases, v.found_phrases, v.correct_phrases]);
        expect(Math.abs(r.perType[t].f1 - v.FB1)).toBeLessThan(1e-9);
      }
      expect(formatConllReport(r)).toBe(c.conlleval_stdout.trimEnd());
    });
  }
});
