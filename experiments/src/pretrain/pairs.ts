/**
 * The sentence-pair objective (recipe field `pairWeight`): a self-supervised stand-in for what
 * pretraining gives real encoders' <s> about a pair. Sentence B is built from sentence A by copying some of
 * A's word spans and filling the rest from an unrelated sentence C; <s> must predict how much of B came from
 * A (token Jaccard and the share of B's tokens found in A) and every token whether it occurs in the other
 * sentence. BERT's next-sentence prediction and ALBERT's sentence-order prediction are the same kind of task
 * with a binary target; MRPC's labels follow token overlap (word Jaccard alone: 74.8% dev accuracy vs 68.4%
 * majority), which frozen-backbone methods can only use if <s> carries it. Labels of GLUE tasks are never
 * read. The tiny 2-layer encoder learns it with segment embeddings and weight 5 in 800 steps on sentences of
 * 15+ words (recipe tiny-roberta-pairs until c97e677; now 3,200 steps on a task-balanced sample of every length,
 * r 0.97 on fresh pairs); without segment embeddings it did not within 400, and in 800 steps on all GLUE
 * sentences (11 words on average) only for short pairs (experiments/README.md). `checkPairObjective` scores it.
 */
import type { Batch } from '@peftbench/core';
import { pearson } from '@peftbench/metrics';
import type { Rng } from '@peftbench/util';

/**
 * Sentence B for sentence A: unrelated (C itself), a light edit of A, or a span-wise mix of A and C. The
 * spans are often reordered and B often opens with words of C, so that a copied token's position in B says
 * nothing about its position in A: the encoder must match tokens by content, as a paraphrase needs.
 */
export function mixedPartner(a: string, c: string, rng: Rng): string {
  const aw = a.split(/\s+/).filter(Boolean);
  const cw = c.split(/\s+/).filter(Boolean);
  const r = rng.next();
  if (r < 0.2 || aw.length === 0) return c;
  const spanOf = (words: string[], len: number) => {
    const start = rng.int(Math.max(1, words.length - len + 1));
    return words.slice(start, start + len);
  };
  const spans: string[][] = [];
  if (r < 0.4) {
    // a light edit: drop ~15% of the words, cut once and swap the halves half the time
    const kept = aw.filter(() => rng.next() >= 0.15);
    const out = kept.length > 0 ? kept : aw.slice();
    const cut = 1 + rng.int(Math.max(1, out.length - 1));
    spans.push(...(rng.next() < 0.5 ? [out.slice(cut), out.slice(0, cut)] : [out]));
  } else {
    // spans of 1-4 words of A, each kept with probability q, else replaced by a span of C of the same length
    const q = 0.1 + 0.85 * rng.next();
    for (let i = 0; i < aw.length; ) {
      const len = 1 + rng.int(4);
      const span = aw.slice(i, i + len);
      spans.push(rng.next() < q || cw.length === 0 ? span : spanOf(cw, span.length));
      i += len;
    }
    if (rng.next() < 0.5) spans.splice(0, spans.length, ...rng.shuffle(spans));
  }
  if (rng.next() < 0.5 && cw.length > 0) spans.unshift(spanOf(cw, 1 + rng.int(6)));
  return spans.flat().join(' ');
}

/**
 * Targets for an encoded pair `<s> A </s></s> B </s>` (possibly truncated): [Jaccard of A's and B's token
 * sets, share of B's tokens that occur in A], both in [0, 1]; computed on what the model sees.
 */
export function overlapTargets(ids: number[], eosId: number, specialIds: Set<number>): [number, number] {
  const cut = ids.indexOf(eosId);
  if (cut < 0) return [0, 0];
  const a = new Set(ids.slice(0, cut).filter((id) => !specialIds.has(id)));
  const bTokens = ids.slice(cut + 1).filter((id) => !specialIds.has(id));
  if (a.size === 0 || bTokens.length === 0) return [0, 0];
  const b = new Set(bTokens);
  let shared = 0;
  for (const id of b) if (a.has(id)) shared += 1;
  const jaccard = shared / (a.size + b.size - shared);
  const copied = bTokens.filter((id) => a.has(id)).length / bTokens.length;
  return [jaccard, copied];
}

/**
 * Per-token targets for the same pair: 1 where a token of A occurs in B or a token of B occurs in A, 0 where
 * it does not, -1 for specials (ignored). ELECTRA's replaced-token detection with whole spans replaced from
 * another sentence; the dense per-token signal teaches attention to match tokens across the two sentences
 * far sooner than the <s> target alone.
 */
export function copyLabels(ids: number[], eosId: number, specialIds: Set<number>): number[] {
  const cut = ids.indexOf(eosId);
  if (cut < 0) return ids.map(() => -1);
  const a = new Set(ids.slice(0, cut).filter((id) => !specialIds.has(id)));
  const b = new Set(ids.slice(cut + 1).filter((id) => !specialIds.has(id)));
  return ids.map((id, i) => (specialIds.has(id) ? -1 : (i < cut ? b : a).has(id) ? 1 : 0));
}

export type PairObjectiveCheck = { freshPairs: number; overlapR: number[]; copyAccuracy: number; copyMajority: number };

/**
 * Scores the pair objective's readouts on encoded pairs: Pearson r between the predicted and the true
 * overlap (Jaccard, share copied) at <s>, and the accuracy of the per-token copy bit against the share
 * of the more frequent label (its trivial baseline).
 */
export function checkPairObjective(
  pairs: { ids: number[]; typeIds: number[] }[],
  padId: number,
  predict: (batch: Batch) => { overlap: number[][]; copy: number[][] },
  truth: (ids: number[]) => { overlap: [number, number]; copy: number[] },
  batchSize = 32,
): PairObjectiveCheck {
  const predicted: number[][] = [];
  const wanted: number[][] = [];
  let right = 0;
  let ones = 0;
  let judged = 0;
  for (let s = 0; s < pairs.length; s += batchSize) {
    const chunk = pairs.slice(s, s + batchSize);
    const T = Math.max(...chunk.map((p) => p.ids.length));
    const pad = (row: number[], v: number) => [...row, ...Array(T - row.length).fill(v)];
    const out = predict({ inputIds: chunk.map((p) => pad(p.ids, padId)), attentionMask: chunk.map((p) => pad(p.ids.map(() => 1), 0)), tokenTypeIds: chunk.map((p) => pad(p.typeIds, 0)), labels: [] });
    chunk.forEach((p, b) => {
      const t = truth(p.ids);
      predicted.push(out.overlap[b]);
      wanted.push(t.overlap);
      t.copy.forEach((y, i) => {
        if (y < 0) return;
        judged += 1;
        ones += y;
        if ((out.copy[b][i] > 0 ? 1 : 0) === y) right += 1;
      });
    });
  }
  const column = (m: number[][], j: number) => m.map((r) => r[j]);
  return {
    freshPairs: pairs.length,
    overlapR: [0, 1].map((j) => pearson(column(predicted, j), column(wanted, j))),
    copyAccuracy: judged ? right / judged : NaN,
    copyMajority: judged ? Math.max(ones, judged - ones) / judged : NaN,
  };
}
