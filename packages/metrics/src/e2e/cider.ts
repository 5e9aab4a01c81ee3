/**
 * CIDEr-D as pycocoevalcap's CiderScorer computes it (Vedantam et al. 2015, eq. 3-5 with the -D
 * changes): TF-IDF vectors of 1..4-grams with document frequency over the reference sets of the corpus
 * (IDF = log N - log max(1, df)), cosine with clipping min(hyp, ref)·ref, Gaussian length penalty
 * exp(-δ²/2σ²), σ = 6, mean over n, mean over references, ×10; corpus score = mean over segments.
 * The "length" in δ is what the scorer actually counts: the number of BIGRAMS (its `if n == 1` runs on a
 * 0-based order index), i.e. words - 1 for non-empty text.
 */
import { countNgrams, ngramOrder } from './ngrams.ts';

const N = 4;
const SIGMA = 6;

interface TfIdf { vec: Map<string, number>[]; norm: number[]; length: number }

function words(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/); // Python str.split()
}

function toVector(counts: Map<string, number>, df: Map<string, number>, logN: number): TfIdf {
  const vec = Array.from({ length: N }, () => new Map<string, number>());
  const norm = new Array<number>(N).fill(0);
  let length = 0;
  for (const [ngram, tf] of counts) {
    const n = ngramOrder(ngram) - 1;
    const v = tf * (logN - Math.log(Math.max(1, df.get(ngram) ?? 0)));
    vec[n].set(ngram, v);
    norm[n] += v * v;
    if (n === 1) length += tf;
  }
  return { vec, norm: norm.map(Math.sqrt), length };
}

function similarity(h: TfIdf, r: TfIdf): number[] {
  const delta = h.length - r.length;
  const val = new Array<number>(N).fill(0);
  for (let n = 0; n < N; n++) {
    for (const [ngram, hv] of h.vec[n]) {
      const rv = r.vec[n].get(ngram) ?? 0;
      val[n] += Math.min(hv, rv) * rv;
    }
    if (h.norm[n] !== 0 && r.norm[n] !== 0) val[n] /= h.norm[n] * r.norm[n];
    val[n] *= Math.exp(-(delta * delta) / (2 * SIGMA * SIGMA));
  }
  return val;
}

export function ciderD(hyps: readonly string[], refs: readonly (readonly string[])[]): { score: number; segments: number[] } {
  const refCounts = refs.map((rs) => rs.map((r) => countNgrams(words(r), N)));
  const df = new Map<string, number>();
  for (const rs of refCounts) {
    const seen = new Set<string>();
    for (const c of rs) for (const k of c.keys()) seen.add(k);
    for (const k of seen) df.set(k, (df.get(k) ?? 0) + 1);
  }
  const logN = Math.log(refs.length);
  const segments = hyps.map((hyp, i) => {
    const h = toVector(countNgrams(words(hyp), N), df, logN);
    const score = new Array<number>(N).fill(0);
    for (const rc of refCounts[i]) {
      const s = similarity(h, toVector(rc, df, logN));
      for (let n = 0; n < N; n++) score[n] += s[n];
    }
    const mean = score.reduce((a, b) => a + b, 0) / N;
    return (mean / refCounts[i].length) * 10;
  });
  return { score: segments.reduce((a, b) => a + b, 0) / segments.length, segments };
}
