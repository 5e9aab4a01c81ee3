import { describe, expect, test } from 'vitest';
import { mtevalScores, mtevalTokenize } from './index.ts';
import { rougeL, rougeLSegment } from './rouge-l.ts';
import { ciderD } from './cider.ts';
import { DEV_SYSTEMS, fixture, haveE2E } from './fixtures.test-helpers.ts';

const f4 = (x: number) => x.toFixed(4);

describe('mteval-v13a tokenisation', () => {
  test('punctuation, digits, dashes, ASCII-only lowercasing', () => {
    expect(mtevalTokenize('The Eagle, near Café Rouge, costs £20-25.')).toBe('the eagle , near café rouge , costs £20 - 25 .');
    expect(mtevalTokenize('1,000.50 and 3.5-star "A&amp;B"')).toBe('1,000.50 and 3.5 - star " a & b "');
    expect(mtevalTokenize('ÉCOLE Ab')).toBe('École ab'); // tr/[A-Z]/[a-z]/ leaves É alone
  });
});

describe('BLEU / NIST / ROUGE-L / CIDEr-D by hand', () => {
  test('hypothesis equal to its only reference', () => {
    const r = mtevalScores(['the eagle is a pub'], [['the eagle is a pub']]);
    expect(r.bleu).toBe(1);
    expect(rougeLSegment('the eagle is a pub', ['the eagle is a pub'])).toBe(1);
  });
  test('empty hypothesis: BLEU 0, ROUGE-L 0', () => {
    const r = mtevalScores([''], [['a pub']]);
    expect(r.bleu).toBe(0);
    expect(r.nist).toBe(0);
    expect(rougeLSegment('', ['a pub'])).toBe(0);
  });
  test('ROUGE-L worked out: LCS 3 of hyp 4 / ref 5', () => {
    // P = 3/4, R = 3/5, F = (1+1.44)·P·R / (R + 1.44·P)
    const p = 3 / 4, r = 3 / 5;
    expect(rougeLSegment('a b c d', ['a x b c y'])).toBeCloseTo((2.44 * p * r) / (r + 1.44 * p), 15);
  });
  test('CIDEr-D of a one-segment corpus is 0 (IDF log(1/1))', () => {
    expect(ciderD(['a b c'], [['a b c']]).score).toBe(0);
  });
});

describe.skipIf(!haveE2E)('official E2E scorer numbers (fixtures)', () => {
  const refs = haveE2E ? fixture('e2e_dev_references.json') : null;
  for (const name of DEV_SYSTEMS) {
    test(`${name}: BLEU/NIST (perl) to 4 dp, ROUGE-L and CIDEr at full precision`, () => {
      const s = fixture(name);
      const set = refs.reference_sets[s.reference_set];
      const m = mtevalScores(s.hypotheses, set.references);
      expect(f4(m.bleu)).toBe(s.official_printed.scores.BLEU);
      expect(f4(m.nist)).toBe(s.official_printed.scores.NIST);
      const r = rougeL(s.ptb_tokenized_hypotheses, set.ptb_tokenized_references);
      const c = ciderD(s.ptb_tokenized_hypotheses, set.ptb_tokenized_references);
      expect(Math.abs(r.score - s.official_full_precision.ROUGE_L)).toBeLessThan(1e-12);
      expect(Math.abs(c.score - s.official_full_precision.CIDEr)).toBeLessThan(1e-12);
      s.official_segment_level.forEach((o: any, i: number) => {
        expect(Math.abs(r.segments[i] - o.ROUGE_L)).toBeLessThan(1e-12);
        expect(Math.abs(c.segments[i] - o.CIDEr)).toBeLessThan(1e-12);
      });
    });
  }
  test('tiny examples: each alone and the corpus of ten', () => {
    const t = fixture('e2e_tiny_examples.json');
    for (const e of [...t.examples, ...t.edge_cases]) {
      const m = mtevalScores([e.hypothesis], [e.references]);
      const p = e.official_as_single_item_corpus.printed;
      expect([e.name, f4(m.bleu), f4(m.nist)]).toEqual([e.name, p.BLEU, p.NIST]);
      expect(f4(rougeLSegment(e.ptb_tokenized_hypothesis, e.ptb_tokenized_references))).toBe(p.ROUGE_L);
    }
    const ex = t.examples;
    const m = mtevalScores(ex.map((e: any) => e.hypothesis), ex.map((e: any) => e.references));
    const c = ciderD(ex.map((e: any) => e.ptb_tokenized_hypothesis), ex.map((e: any) => e.ptb_tokenized_references));
    const r = rougeL(ex.map((e: any) => e.ptb_tokenized_hypothesis), ex.map((e: any) => e.ptb_tokenized_references));
    expect([f4(m.bleu), f4(m.nist), f4(r.score), f4(c.score)]).toEqual(
      ['BLEU', 'NIST', 'ROUGE_L', 'CIDEr'].map((k) => t.corpus_of_10.printed_scores[k]));
    c.segments.forEach((v, i) => expect(Math.abs(v - t.corpus_of_10.segment_level[i].CIDEr)).toBeLessThan(1e-12));
  });
});
