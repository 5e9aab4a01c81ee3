import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { sharedDir } from '@peftbench/util';
import { loadReferences } from '../io/e2e-files.ts';
import { cocoTokenize } from './ptb-tokenize.ts';
import { scoreE2E } from './score.ts';
import { meteor } from './meteor/scorer.ts';
import { DEV_SYSTEMS, fixture, haveE2E } from './fixtures.test-helpers.ts';

describe('PTB tokenisation (pycocoevalcap) by hand', () => {
  test('clitics, brackets, currency, quotes, abbreviations', () => {
    expect(cocoTokenize("It's family-friendly (kids welcome) and isn't £20-£25.")).toBe("it 's family-friendly -lrb- kids welcome -rrb- and is n't # 20 # 25");
    expect(cocoTokenize('A "nice" place... in the city center., near St. Ives')).toBe('a nice place in the city center. near st. ives');
    expect(cocoTokenize('')).toBe('');
  });
});

describe.skipIf(!haveE2E)('whole pipeline against the official scorer', () => {
  test('PTB tokenisation equals the fixtures on every dev reference and hypothesis', () => {
    const refs = fixture('e2e_dev_references.json').reference_sets.all;
    let n = 0;
    refs.references.forEach((rs: string[], i: number) => rs.forEach((r, j) => { expect(cocoTokenize(r)).toBe(refs.ptb_tokenized_references[i][j]); n++; }));
    for (const name of DEV_SYSTEMS) {
      const s = fixture(name);
      s.hypotheses.forEach((h: string, i: number) => { expect(cocoTokenize(h)).toBe(s.ptb_tokenized_hypotheses[i]); n++; });
    }
    expect(n).toBe(4672 + 3 * 547);
  });
  test('scoreE2E on raw dev text prints the official BLEU / NIST / ROUGE_L / CIDEr', () => {
    const refs = fixture('e2e_dev_references.json');
    for (const name of DEV_SYSTEMS.slice(1)) {
      const s = fixture(name);
      const r = scoreE2E(s.hypotheses, refs.reference_sets[s.reference_set].references);
      const o = s.official_printed.scores;
      expect([r.bleu, r.nist, r.rougeL, r.cider].map((x) => x.toFixed(4))).toEqual([o.BLEU, o.NIST, o.ROUGE_L, o.CIDEr]);
    }
  });
  test('test set (TNT1): per-segment ROUGE_L and CIDEr equal the official 4-dp values; METEOR tracks the jar', () => {
    const t = fixture('e2e_test_tnt1_segments.json');
    const ref = loadReferences(join(sharedDir, 'data/e2e/testset_w_refs.csv'));
    expect(ref.refs).toEqual(t.references);
    const r = scoreE2E(t.hypotheses, ref.refs);
    const off = t.official_segment_scores_from_third_party;
    off.forEach((o: any, i: number) => {
      expect(r.segments.rougeL[i].toFixed(4)).toBe(o.ROUGE_L);
      expect(r.segments.cider[i].toFixed(4)).toBe(o.CIDEr);
    });
    // METEOR without the jar's paraphrase table and function-word list (README): measured, not equal
    const jar = off.map((o: any) => Number(o.METEOR));
    const ours = r.segments.meteor;
    const mad = ours.reduce((a, v, i) => a + Math.abs(v - jar[i]), 0) / ours.length;
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    const mx = mean(ours), my = mean(jar);
    let sxy = 0, sxx = 0, syy = 0;
    ours.forEach((v, i) => { sxy += (v - mx) * (jar[i] - my); sxx += (v - mx) ** 2; syy += (jar[i] - my) ** 2; });
    const corr = sxy / Math.sqrt(sxx * syy);
    console.log(`METEOR vs meteor-1.5.jar on ${ours.length} test segments: mean |diff| ${mad.toFixed(4)}, Pearson r ${corr.toFixed(4)}`);
    const equal4dp = ours.filter((v, i) => v.toFixed(4) === jar[i].toFixed(4)).length;
    console.log(`  equal at 4 dp: ${equal4dp} / ${ours.length}`);
    expect(mad).toBeLessThan(0.0085);
    expect(corr).toBeGreaterThan(0.97);
    expect(equal4dp).toBeGreaterThanOrEqual(320);
  });
  test('METEOR: identical text scores 1 - penalty of one chunk; a synonym counts 0.8', () => {
    expect(meteor(['the eagle is a pub'], [['the eagle is a pub']]).score).toBeCloseTo(1, 12);
    // all words matched in one chunk (frag = 0 only when everything matched as ONE chunk)
    const s = meteor(['a big pub'], [['a large pub']]).segments[0];
    // big~large share a WordNet synset: content P = R = (1 + 0.8)/2 over content words, function word 'a'
    const w = (0.75 * (1 + 0.8) + 0.25 * 1) / (0.75 * 2 + 0.25 * 1);
    expect(s).toBeCloseTo(w, 12);
  });
});
