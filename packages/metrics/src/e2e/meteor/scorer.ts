/**
 * METEOR 1.5 scoring (edu.cmu.meteor.scorer.MeteorScorer; Denkowski & Lavie 2014 eq. 1-4) with the
 * English ranking parameters α = 0.85, β = 0.20, γ = 0.60, δ = 0.75 and module weights exact 1.0,
 * stem 0.6, synonym 0.8 (paraphrase 0.6 — not available here):
 *   P = Σ_i w_i (δ m_i(h_c) + (1-δ) m_i(h_f)) / (δ|h_c| + (1-δ)|h_f|), R likewise on the reference,
 *   Fmean = P R / (α P + (1-α) R), Pen = γ (chunks / matches)^β, score = Fmean (1 - Pen).
 * Several references: the one with the best score. Corpus: statistics summed over segments, then
 * scored (the -stdio EVAL line the COCO wrapper sends).
 */
import { align, type Alignment } from './aligner.ts';
import { meteorNormalize } from './normalize.ts';

const ALPHA = 0.85, BETA = 0.2, GAMMA = 0.6, DELTA = 0.75;
const WEIGHTS = [1.0, 0.6, 0.8];

export type MeteorStats = Alignment;

function sumStats(a: MeteorStats, b: MeteorStats): MeteorStats {
  return {
    testLength: a.testLength + b.testLength, refLength: a.refLength + b.refLength,
    testFunctionWords: a.testFunctionWords + b.testFunctionWords, refFunctionWords: a.refFunctionWords + b.refFunctionWords,
    moduleMatches: a.moduleMatches.map((m, i) => m.map((v, k) => v + b.moduleMatches[i][k])),
    chunks: a.chunks + b.chunks,
  };
}

export function meteorFromStats(s: MeteorStats): number {
  let testW = 0, refW = 0, testMatches = 0, refMatches = 0;
  s.moduleMatches.forEach(([tc, rc, tf, rf], i) => {
    testW += WEIGHTS[i] * (DELTA * tc + (1 - DELTA) * tf);
    refW += WEIGHTS[i] * (DELTA * rc + (1 - DELTA) * rf);
    testMatches += tc + tf;
    refMatches += rc + rf;
  });
  const precision = testW / (DELTA * (s.testLength - s.testFunctionWords) + (1 - DELTA) * s.testFunctionWords);
  const recall = refW / (DELTA * (s.refLength - s.refFunctionWords) + (1 - DELTA) * s.refFunctionWords);
  const fMean = 1 / ((1 - ALPHA) / precision + ALPHA / recall);
  const frag = testMatches === s.testLength && refMatches === s.refLength && s.chunks === 1
    ? 0 : s.chunks / ((testMatches + refMatches) / 2);
  const score = fMean * (1 - GAMMA * Math.pow(frag, BETA));
  return Number.isNaN(score) ? 0 : Math.max(score, 0);
}

function words(text: string): string[] {
  const t = meteorNormalize(text);
  return t === '' ? [] : t.split(' ');
}

/** Best-reference statistics of one segment. */
export function meteorSegmentStats(hyp: string, refs: readonly string[]): { stats: MeteorStats; score: number } {
  const h = words(hyp);
  let best: { stats: MeteorStats; score: number } | undefined;
  for (const r of refs) {
    const stats = align(h, words(r));
    const score = meteorFromStats(stats);
    if (!best || score > best.score) best = { stats, score };
  }
  return best!;
}

/** METEOR of PTB-tokenised text (what pycocoevalcap feeds the jar). */
export function meteor(hyps: readonly string[], refs: readonly (readonly string[])[]): { score: number; segments: number[] } {
  let total: MeteorStats | undefined;
  const segments = hyps.map((h, i) => {
    const s = meteorSegmentStats(h, refs[i]);
    total = total ? sumStats(total, s.stats) : s.stats;
    return s.score;
  });
  return { score: total ? meteorFromStats(total) : 0, segments };
}
