import { describe, expect, test } from 'vitest';
import { GLUE_TASKS, type GlueTask } from './tasks.ts';
import { loadGlue } from './load.ts';
import { demoCorpus, demoCorpusPairs, demoGlueSplit } from './demo.ts';

/** The eight GLUE tasks of the demo suite: label names (HF ids), dev splits, and the metric family they feed. */
const SHAPES: [string, string[], string[], 'mcc' | 'accuracy' | 'accuracy+f1' | 'pearson'][] = [
  ['cola', ['unacceptable', 'acceptable'], ['validation'], 'mcc'],
  ['sst2', ['negative', 'positive'], ['validation'], 'accuracy'],
  ['mrpc', ['not_equivalent', 'equivalent'], ['validation'], 'accuracy+f1'],
  ['stsb', [], ['validation'], 'pearson'],
  ['qqp', ['not_duplicate', 'duplicate'], ['validation'], 'accuracy+f1'],
  ['mnli', ['entailment', 'neutral', 'contradiction'], ['validation_matched', 'validation_mismatched'], 'accuracy'],
  ['qnli', ['entailment', 'not_entailment'], ['validation'], 'accuracy'],
  ['rte', ['entailment', 'not_entailment'], ['validation'], 'accuracy'],
];

describe('demo GLUE suite', () => {
  test('deterministic per seed; different seeds differ; source says "demo data"; default sizes', async () => {
    const a = await loadGlue('sst2', { source: { kind: 'demo', seed: 3, size: 50 } });
    const b = await loadGlue('sst2', { source: { kind: 'demo', seed: 3, size: 50 } });
    const c = await loadGlue('sst2', { source: { kind: 'demo', seed: 4, size: 50 } });
    expect(a.splits).toEqual(b.splits);
    expect(a.splits.train).not.toEqual(c.splits.train);
    expect(a.source).toContain('demo data');
    expect(a.isDemo).toBe(true);
    expect(a.splits.train).toHaveLength(50);
    expect(a.splits.validation).toHaveLength(40);
    const d = await loadGlue('mnli', { source: { kind: 'demo' } });
    // small enough for a 120-300 step run on 2 cores: train <= 2,000, each dev split <= 500
    expect(d.splits.train.length).toBeLessThanOrEqual(2000);
    for (const v of ['validation_matched', 'validation_mismatched']) expect(d.splits[v].length).toBeLessThanOrEqual(500);
  });

  test.each(SHAPES)('%s: label set %j, dev splits %j, labels fit the %s path; deterministic', async (task, labelNames, devSplits, metric) => {
    const d = await loadGlue(task, { source: { kind: 'demo', seed: 0 } });
    expect(d.labelNames).toEqual(labelNames);
    expect(d.isRegression).toBe(metric === 'pearson');
    expect(d.numLabels).toBe(metric === 'pearson' ? 1 : labelNames.length);
    expect(d.textFields).toHaveLength(task === 'cola' || task === 'sst2' ? 1 : 2);
    for (const split of ['train', ...devSplits]) {
      const ex = d.splits[split];
      expect(ex.length, split).toBeGreaterThan(0);
      expect(ex.every((e) => (d.textFields.length === 2) === (e.textPair !== undefined))).toBe(true);
      const labels = ex.map((e) => e.label);
      if (metric === 'pearson') {
        expect(labels.every((l) => l >= 0 && l <= 5)).toBe(true);
        expect(new Set(labels).size).toBeGreaterThan(15); // graded, not six classes
      } else {
        // every class present, none above 60% (MCC and F1 need both classes; accuracy a fair majority)
        for (let k = 0; k < labelNames.length; k++) expect(labels.filter((l) => l === k).length, `${split} class ${k}`).toBeGreaterThan(0.3 * ex.length / labelNames.length);
        expect(labels.every((l) => Number.isInteger(l) && l >= 0 && l < labelNames.length)).toBe(true);
        expect(Math.max(...labelNames.map((_, k) => labels.filter((l) => l === k).length)) / ex.length).toBeLessThanOrEqual(0.6);
      }
      expect(ex.map((e) => e.idx)).toEqual(ex.map((_, i) => i));
    }
    expect(d.splits.train[0]).not.toEqual(d.splits[devSplits[0]][0]);
    expect(demoGlueSplit(d.task, 0, 'train', 30)).toEqual(demoGlueSplit(d.task, 0, 'train', 30));
  });

  test('wnli still loads (rte grammar, WNLI ids: 1 = entailment)', async () => {
    const d = await loadGlue('wnli', { source: { kind: 'demo', seed: 0, size: 200 } });
    expect(d.labelNames).toEqual(['not_entailment', 'entailment']);
    // a negated hypothesis is never entailment (WNLI id 0 = not_entailment)
    const negated = d.splits.train.filter((e) => / (not|never) /.test(e.textPair!));
    expect(negated.length).toBeGreaterThan(0);
    expect(negated.every((e) => e.label === 0)).toBe(true);
  });

  test('label proportions are exact per split', () => {
    const labels = demoGlueSplit('cola', 0, 'train', 1000).map((e) => e.label);
    expect(labels.filter((l) => l === 1)).toHaveLength(550);
    const mnli = demoGlueSplit('mnli', 0, 'validation_matched', 400).map((e) => e.label);
    expect([0, 1, 2].map((k) => mnli.filter((l) => l === k).length)).toEqual([134, 133, 133]);
  });

  test('sst2: without negation or contrast, every evaluative word has the label polarity', async () => {
    const d = await loadGlue('sst2', { source: { kind: 'demo', seed: 0, size: 300 } });
    const pos = /\b(wonderful|great|delightful|brilliant|charming|superb|moving|excellent|funny|beautiful)\b/;
    const neg = /\b(terrible|awful|boring|dreadful|clumsy|dull|tedious|bland|messy|weak)\b/;
    const plain = d.splits.train.filter((e) => !/\b(not|never|but)\b/.test(e.text));
    expect(plain.length).toBeGreaterThan(150);
    for (const e of plain) expect([pos.test(e.text), neg.test(e.text)]).toEqual([e.label === 1, e.label === 0]);
    // negation / contrast examples exist, and there a word of the other polarity occurs too
    const flipped = d.splits.train.filter((e) => /\b(not|never|but)\b/.test(e.text));
    expect(flipped.length).toBeGreaterThan(40);
    expect(flipped.every((e) => (e.label === 1 ? neg : pos).test(e.text))).toBe(true);
  });

  test('cola: the error kinds occur only in unacceptable sentences', async () => {
    const d = await loadGlue('cola', { source: { kind: 'demo', seed: 0, size: 600 } });
    const wrong = /\b(finded|holded|buyed|taked|selled|drawed|maked)\b|\bwill \w+ed\b|\b(\w+) \2\b|\b(cats|dogs|birds|horses|teachers|doctors|farmers|children|students|painters|bakers|sailors) (was|does)\b/;
    for (const e of d.splits.train.filter((x) => x.label === 1)) expect(wrong.test(e.text), e.text).toBe(false);
    expect(d.splits.train.filter((x) => x.label === 0 && wrong.test(x.text)).length).toBeGreaterThan(100);
  });

  test('stsb: the score is the number of shared slots (a kept verb may be its synonym) within 0.4', async () => {
    const d = await loadGlue('stsb', { source: { kind: 'demo', seed: 0, size: 300 } });
    const syn: Record<string, string> = { discovered: 'found', carried: 'held', purchased: 'bought', grabbed: 'took', traded: 'sold', sketched: 'drew', built: 'made', enjoyed: 'liked', observed: 'watched', unlocked: 'opened', colored: 'painted', released: 'dropped' };
    const slots = (s: string) => {
      // "the ADJ SUBJ VERB the OBJ PLACE ." or "PLACE , the ADJ SUBJ VERB the OBJ ."
      const m = /^(?:(.+) , )?the (\w+) (\w+) (\w+) the (\w+)(?: (.+))? \.$/.exec(s)!;
      return [m[2], m[3], syn[m[4]] ?? m[4], m[5], m[1] ?? m[6]];
    };
    for (const e of d.splits.train) {
      const a = slots(e.text), b = slots(e.textPair!);
      const same = a.filter((w, i) => w === b[i]).length;
      expect(Math.abs(e.label - same), `${e.text} | ${e.textPair} | ${e.label}`).toBeLessThanOrEqual(0.4 + 1e-9);
    }
  });

  test('mnli: matched and mismatched genres differ; "not"/"never"/"nobody" hypotheses are contradictions', async () => {
    const d = await loadGlue('mnli', { source: { kind: 'demo', seed: 0, size: 500 } });
    const mismatchedGenre = /^(thank you for your|yeah , we)/;
    expect(d.splits.train.some((e) => mismatchedGenre.test(e.text))).toBe(false);
    expect(d.splits.validation_matched.some((e) => mismatchedGenre.test(e.text))).toBe(false);
    expect(d.splits.validation_mismatched.every((e) => mismatchedGenre.test(e.text))).toBe(true);
    expect(d.splits.validation).toBe(d.splits.validation_matched);
    for (const e of [...d.splits.train, ...d.splits.validation_mismatched]) if (/\b(not|never|nobody)\b/.test(e.textPair!)) expect(e.label).toBe(2);
    // entailment hypotheses only use premise words (plus "someone")
    for (const e of d.splits.train.filter((x) => x.label === 0)) {
      const premise = new Set(e.text.split(' '));
      expect(e.textPair!.split(' ').filter((w) => !premise.has(w) && w !== 'someone' && w !== 'your'), e.textPair).toEqual([]);
    }
  });

  test('demoCorpus: n sentences, seeded, from every grammar, no corrupted CoLA sentence', () => {
    const a = demoCorpus(1, 3000);
    expect(a).toHaveLength(3000);
    expect(demoCorpus(1, 3000)).toEqual(a);
    expect(demoCorpus(2, 3000)).not.toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(2000);
    expect(a.some((s) => /\b(finded|holded|buyed|taked|selled|drawed|maked)\b/.test(s))).toBe(false);
    for (const marker of ['movie|film|story|show|play', 'thank you for your', 'yeah , we', 'said', '\\?$', 'committee|council|ministry|agency|court|office', 'museum|beach|market|hotel|bridge|castle|station|harbor']) {
      expect(a.some((s) => new RegExp(marker).test(s)), marker).toBe(true);
    }
    // the pretraining corpus (size of the tiny-roberta recipe) covers every word of every task but CoLA's errors
    const corpusWords = new Set(demoCorpus(0, 6000).flatMap((x) => x.split(' ')));
    const unseen = new Set<string>();
    for (const [task] of SHAPES) {
      for (const split of ['train', 'validation', 'validation_mismatched']) {
        for (const e of demoGlueSplit(task as GlueTask, 0, split, 300)) for (const w of `${e.text} ${e.textPair ?? ''}`.split(' ')) if (w && !corpusWords.has(w)) unseen.add(w);
      }
    }
    expect([...unseen].filter((w) => !/^(finded|holded|buyed|taked|selled|drawed|maked)$/.test(w))).toEqual([]);
    const pairs = demoCorpusPairs(1, 50);
    expect(pairs).toHaveLength(50);
    expect(pairs.every((p) => p.text.length > 0 && p.textPair.length > 0)).toBe(true);
    expect(demoCorpusPairs(1, 50)).toEqual(pairs);
  });
});

describe('demo GLUE task list', () => {
  test('every GLUE task has a demo grammar', () => {
    for (const t of GLUE_TASKS) expect(demoGlueSplit(t, 0, 'train', 5)).toHaveLength(5);
  });
});
