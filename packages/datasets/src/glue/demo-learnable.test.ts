import { describe, expect, test } from 'vitest';
import { Rng } from '@peftbench/util';
import { loadGlue } from './load.ts';
import type { GlueExample } from './types.ts';

/**
 * "Learnable by a tiny model in a few hundred steps": a softmax regression on hashed unigrams and
 * bigrams (each segment's features kept apart), trained 300 SGD steps of batch 16, must beat the
 * majority class by a wide margin on the demo dev sets. A model that sees word order does at least this.
 */
const DIM = 1 << 14;
function features(e: GlueExample): number[] {
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
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) % DIM;
}

function trainAndScore(train: GlueExample[], dev: GlueExample[], k: number): number {
  const W = new Float64Array(DIM * k);
  const rng = new Rng(0);
  const logits = (f: number[]) => Array.from({ length: k }, (_, c) => f.reduce((s, j) => s + W[j * k + c], 0));
  const feats = train.map(features);
  for (let step = 0; step < 300; step++) {
    for (let b = 0; b < 16; b++) {
      const i = rng.int(train.length);
      const z = logits(feats[i]);
      const m = Math.max(...z);
      const p = z.map((v) => Math.exp(v - m));
      const sum = p.reduce((a, c) => a + c, 0);
      for (let c = 0; c < k; c++) {
        const g = p[c] / sum - (c === train[i].label ? 1 : 0);
        for (const j of feats[i]) W[j * k + c] -= 0.1 * g;
      }
    }
  }
  const correct = dev.filter((e) => {
    const z = logits(features(e));
    return z.indexOf(Math.max(...z)) === e.label;
  }).length;
  return correct / dev.length;
}

describe('the demo GLUE suite is learnable in a few hundred steps', () => {
  test.each([
    ['sst2', 0.95],
    ['cola', 0.9],
    ['mnli', 0.95],
    ['rte', 0.95],
    ['qnli', 0.95],
    ['mrpc', 0.7],
    ['qqp', 0.7],
  ])('%s: bag-of-bigrams softmax regression reaches >= %f on dev', async (task, floor) => {
    const d = await loadGlue(task, { source: { kind: 'demo', seed: 0, size: 1000 } });
    const acc = trainAndScore(d.splits.train, d.splits.validation, d.numLabels);
    const majority = Math.max(...Array.from({ length: d.numLabels }, (_, c) => d.splits.validation.filter((e) => e.label === c).length)) / d.splits.validation.length;
    console.log(`${task}: dev accuracy ${acc.toFixed(3)} (majority ${majority.toFixed(3)})`);
    expect(acc).toBeGreaterThanOrEqual(floor);
    expect(acc).toBeGreaterThan(majority + 0.15);
  });
});
