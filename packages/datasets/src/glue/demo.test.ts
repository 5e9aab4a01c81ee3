import { describe, expect, test } from 'vitest';
import { GLUE_TASKS } from './tasks.ts';
import { loadGlue } from './load.ts';
import { demoCorpus } from './demo.ts';

describe('demo GLUE suite', () => {
  test('deterministic per seed; different seeds differ; source says "demo data"', async () => {
    const a = await loadGlue('sst2', { source: { kind: 'demo', seed: 3, size: 50 } });
    const b = await loadGlue('sst2', { source: { kind: 'demo', seed: 3, size: 50 } });
    const c = await loadGlue('sst2', { source: { kind: 'demo', seed: 4, size: 50 } });
    expect(a.splits).toEqual(b.splits);
    expect(a.splits.train).not.toEqual(c.splits.train);
    expect(a.source).toContain('demo data');
    expect(a.isDemo).toBe(true);
    expect(a.splits.train).toHaveLength(50);
    expect(a.splits.validation).toHaveLength(40);
  });

  test.each(GLUE_TASKS)('%s: labels in range and every class present; train and dev differ', async (task) => {
    const d = await loadGlue(task, { source: { kind: 'demo', seed: 0, size: 600 } });
    const labels = d.splits.train.map((e) => e.label);
    const classes = d.isRegression ? 6 : d.numLabels;
    for (let k = 0; k < classes; k++) expect(labels.filter((l) => l === k).length).toBeGreaterThan(600 / classes / 2);
    expect(d.splits.train[0]).not.toEqual(d.splits.validation[0]);
    expect(d.splits.train.every((e) => (d.textFields.length === 2) === (e.textPair !== undefined))).toBe(true);
  });

  test('sst2 rule: positive words only in label-1 sentences', async () => {
    const d = await loadGlue('sst2', { source: { kind: 'demo', seed: 0, size: 300 } });
    for (const e of d.splits.train) expect(/wonderful|great|delightful|brilliant|charming|superb|moving|excellent/.test(e.text)).toBe(e.label === 1);
  });

  test('stsb rule: the score is the number of shared slots', async () => {
    const d = await loadGlue('stsb', { source: { kind: 'demo', seed: 0, size: 100 } });
    for (const e of d.splits.train) {
      const a = e.text.split(' '), b = e.textPair!.split(' ');
      // slot words: 1 adj, 2 subject, 3 verb, 5 object, then the place phrase (rest minus final '.').
      const same = [1, 2, 3, 5].filter((i) => a[i] === b[i]).length + (a.slice(6, -1).join(' ') === b.slice(6, -1).join(' ') ? 1 : 0);
      expect(same).toBe(e.label);
    }
  });

  test('mnli rule: "not" marks contradiction (2), "probably" neutral (1)', async () => {
    const d = await loadGlue('mnli', { source: { kind: 'demo', seed: 0, size: 300 } });
    for (const e of d.splits.train) expect(e.label).toBe(/ not /.test(e.textPair!) ? 2 : / probably /.test(e.textPair!) ? 1 : 0);
  });

  test('demoCorpus: n sentences, seeded', () => {
    const a = demoCorpus(1, 200);
    expect(a).toHaveLength(200);
    expect(demoCorpus(1, 200)).toEqual(a);
    expect(demoCorpus(2, 200)).not.toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(150);
  });
});
