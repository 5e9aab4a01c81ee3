import { describe, expect, test } from 'vitest';
import { Rng } from '@peftbench/util';
import { loadGlue } from './load.ts';
import type { GlueExample } from './types.ts';

/**
 * The signal of every demo task is in the text, as word identity, word overlap or word order: simple
 * baselines trained on the demo training split, scored on its dev split(s):
 *   bow     — logistic (softmax) regression on hashed unigrams and bigrams, each sentence's kept apart;
 *   overlap — the same on overlap features of a pair only (content words of one sentence missing from the
 *             other, both ways, and their Jaccard, as one-hot buckets);
 *   both    — the two feature sets together.
 * STS-B: linear regression on the same features, Pearson r. Each must clear the majority class by 15
 * points (CoLA: also MCC); the majority class is at most 60%.
 */
const DIM = 1 << 15;
const FUNCTION_WORDS = new Set(['the', 'a', 'an', '.', ',', '?', 'i', 'do', 'can', 'is', 'to', 'of', 'and', 'was', 'by', 'it', 'did', 'should', 'would']);

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) % DIM;
}
function bow(e: GlueExample): number[] {
  const out: number[] = [];
  const add = (seg: string, text: string) => {
    const w = text.split(' ');
    w.forEach((t, i) => {
      out.push(hash(`${seg}:${t}`));
      if (i > 0) out.push(hash(`${seg}:${w[i - 1]} ${t}`));
    });
  };
  add('a', e.text);
  if (e.textPair !== undefined) add('b', e.textPair);
  return out;
}
function overlap(e: GlueExample): number[] {
  if (e.textPair === undefined) return [];
  const content = (t: string) => new Set(t.split(' ').filter((w) => !FUNCTION_WORDS.has(w)));
  const a = content(e.text), b = content(e.textPair);
  const onlyA = [...a].filter((w) => !b.has(w)).length;
  const onlyB = [...b].filter((w) => !a.has(w)).length;
  const jaccard = (a.size + b.size - onlyA - onlyB) / 2 / new Set([...a, ...b]).size;
  return [hash(`onlyA=${Math.min(onlyA, 4)}`), hash(`onlyB=${Math.min(onlyB, 4)}`), hash(`jac=${Math.round(jaccard * 10)}`), hash(`both=${Math.min(onlyA, 3)},${Math.min(onlyB, 3)}`)];
}
const FEATURES = { bow, overlap, both: (e: GlueExample) => [...bow(e), ...overlap(e)] };
type FeatureSet = keyof typeof FEATURES;

/** Softmax regression (k classes) or, with k = 1, linear regression; SGD, a few epochs, seeded order. */
function fit(train: GlueExample[], k: number, f: (e: GlueExample) => number[]): (e: GlueExample) => number {
  const W = new Float64Array(DIM * k);
  const bias = new Float64Array(k);
  const out = (x: number[]) => Array.from({ length: k }, (_, c) => x.reduce((s, j) => s + W[j * k + c], bias[c]));
  const feats = train.map(f);
  const rng = new Rng(0);
  const lr = k === 1 ? 0.01 : 0.1;
  for (let epoch = 0; epoch < 8; epoch++) {
    for (const i of rng.shuffle(train.map((_, i) => i))) {
      const z = out(feats[i]);
      let g: number[];
      if (k === 1) g = [z[0] - train[i].label];
      else {
        const m = Math.max(...z);
        const p = z.map((v) => Math.exp(v - m));
        const sum = p.reduce((a, c) => a + c, 0);
        g = p.map((v, c) => v / sum - (c === train[i].label ? 1 : 0));
      }
      for (let c = 0; c < k; c++) {
        bias[c] -= lr * g[c];
        for (const j of feats[i]) W[j * k + c] -= lr * g[c];
      }
    }
  }
  return (e) => {
    const z = out(f(e));
    return k === 1 ? z[0] : z.indexOf(Math.max(...z));
  };
}

const accuracy = (p: number[], y: number[]) => p.filter((v, i) => v === y[i]).length / y.length;
function mcc(p: number[], y: number[]): number {
  let tp = 0, tn = 0, fp = 0, fn = 0;
  p.forEach((v, i) => (v === 1 ? (y[i] === 1 ? tp++ : fp++) : y[i] === 0 ? tn++ : fn++));
  const d = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return d === 0 ? 0 : (tp * tn - fp * fn) / d;
}
function pearson(p: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mp = mean(p), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  p.forEach((v, i) => ((sxy += (v - mp) * (y[i] - my)), (sxx += (v - mp) ** 2), (syy += (y[i] - my) ** 2)));
  return sxy / Math.sqrt(sxx * syy);
}
const majorityOf = (labels: number[]) => Math.max(...[...new Set(labels)].map((c) => labels.filter((l) => l === c).length)) / labels.length;

const CLASSIFICATION: [string, string[], FeatureSet[]][] = [
  // task, dev splits, feature sets that must each clear majority + 15 points
  ['cola', ['validation'], ['bow', 'both']],
  ['sst2', ['validation'], ['bow', 'both']],
  ['mrpc', ['validation'], ['overlap', 'both']],
  ['qqp', ['validation'], ['overlap', 'both']],
  ['mnli', ['validation_matched', 'validation_mismatched'], ['overlap', 'both']],
  ['qnli', ['validation'], ['overlap', 'both']],
  ['rte', ['validation'], ['overlap', 'both']],
];
const SEEDS = [0, 1, 2];

describe('demo GLUE: simple baselines find the signal (default sizes, seeds 0-2)', () => {
  test.each(CLASSIFICATION.flatMap(([task, dev, must]) => SEEDS.map((seed) => [task, seed, dev, must] as const)))('%s, seed %i', async (task, seed, devSplits, mustPass) => {
    const d = await loadGlue(task, { source: { kind: 'demo', seed } });
    expect(majorityOf(d.splits.train.map((e) => e.label))).toBeLessThanOrEqual(0.6);
    for (const split of devSplits) {
      const dev = d.splits[split];
      const y = dev.map((e) => e.label);
      const majority = majorityOf(y);
      expect(majority).toBeLessThanOrEqual(0.6);
      const line: string[] = [];
      for (const set of ['bow', 'overlap', 'both'] as FeatureSet[]) {
        if (set === 'overlap' && dev[0].textPair === undefined) continue;
        const p = dev.map(fit(d.splits.train, d.numLabels, FEATURES[set]));
        const acc = accuracy(p, y);
        line.push(`${set} ${acc.toFixed(3)}${task === 'cola' ? ` (MCC ${mcc(p, y).toFixed(3)})` : ''}`);
        if (mustPass.includes(set)) {
          expect(acc, `${task} ${split} ${set}`).toBeGreaterThanOrEqual(majority + 0.15);
          if (task === 'cola') expect(mcc(p, y)).toBeGreaterThan(0.3);
        }
      }
      console.log(`${task} ${split} (seed ${seed}): majority ${majority.toFixed(3)}; ${line.join('; ')}`);
    }
  });

  test.each(SEEDS)('stsb, seed %i: the overlap regression correlates with the score (Pearson >= 0.8)', async (seed) => {
    const d = await loadGlue('stsb', { source: { kind: 'demo', seed } });
    const y = d.splits.validation.map((e) => e.label);
    const line: string[] = [];
    for (const set of ['bow', 'overlap', 'both'] as FeatureSet[]) {
      const r = pearson(d.splits.validation.map(fit(d.splits.train, 1, FEATURES[set])), y);
      line.push(`${set} r=${r.toFixed(3)}`);
      if (set !== 'bow') expect(r, set).toBeGreaterThanOrEqual(0.8);
    }
    console.log(`stsb validation (seed ${seed}): ${line.join('; ')}`);
  });
});
