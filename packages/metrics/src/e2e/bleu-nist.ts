/**
 * BLEU and NIST exactly as mteval-v13a(-sig).pl computes them for the E2E scorer (measure_scores.py
 * writes one reference set per reference position, padding MRs with fewer references with empty
 * segments, and reads the printed "NIST score = %2.4f  BLEU score = %.4f").
 *
 * BLEU (Papineni et al. 2002, eq. 1-2 with mteval's changes): corpus-level, n = 1..4, n-gram counts
 * clipped by the maximum count in any one reference, brevity penalty exp(min(0, 1 - r/c)) with r the
 * sum over segments of the reference length closest to the hypothesis (ties -> shorter, empty
 * references skipped), and smoothing of a zero-match order by 1/(2^k · count).
 *
 * NIST (Doddington 2002): information weight of an n-gram w1..wn = log2(count(w1..wn-1) /
 * count(w1..wn)) over all reference segments (unigrams: total reference words / count); score =
 * Σ_{n=1..5} Σ info(matched n-grams) / count(hypothesis n-grams), times the length penalty
 * exp(-β ln²(min(1, Lsys / Lref))), β = -ln 0.5 / ln² 1.5, where Lref = number of segments × the
 * average length of the NON-EMPTY references (the E2E scorer pads MRs with fewer references with empty
 * ones; the official numbers show those are not counted in the average).
 */
import { countNgrams, ngramOrder } from './ngrams.ts';
import { mtevalWords } from './mteval-tokenize.ts';

const BLEU_N = 4;
const NIST_N = 5;

export interface MtevalStats {
  /** Σ closest reference lengths (BLEU's r). */
  refLength: number;
  /** Clipped matches, hypothesis n-gram counts, reference n-gram counts, index 1..5. */
  match: number[];
  tst: number[];
  ref: number[];
  /** Σ information of matched hypothesis n-grams, index 1..5. */
  tstInfo: number[];
}

/** Reference-corpus information weights: log2(count(prefix)/count(ngram)), mteval's compute_ngram_info. */
export function ngramInfo(refWords: readonly (readonly string[])[], refCounts?: readonly Map<string, number>[]): Map<string, number> {
  const counts = new Map<string, number>();
  let totalWords = 0;
  refWords.forEach((w, i) => {
    totalWords += w.length;
    if (!refCounts) { countNgrams(w, NIST_N, counts); return; }
    for (const [k, c] of refCounts[i]) counts.set(k, (counts.get(k) ?? 0) + c);
  });
  const info = new Map<string, number>();
  for (const [ngram, c] of counts) {
    const cut = ngram.lastIndexOf(' ');
    const prefix = cut < 0 ? '' : ngram.slice(0, cut);
    // Perl truthiness: a prefix "0" (the word zero) is false, so the unigram rule applies.
    const denominator = prefix !== '' && prefix !== '0' ? counts.get(prefix)! : totalWords;
    info.set(ngram, -Math.log(c / denominator) / Math.log(2));
  }
  return info;
}

function zeros(): number[] {
  return new Array(NIST_N + 1).fill(0);
}

/** Per-segment sufficient statistics (mteval's score_segment). */
export function segmentStats(
  hyp: readonly string[], refs: readonly (readonly string[])[], info: Map<string, number>, refCounts?: readonly Map<string, number>[],
): MtevalStats {
  const s: MtevalStats = { refLength: 0, match: zeros(), tst: zeros(), ref: zeros(), tstInfo: zeros() };
  for (let n = 1; n <= NIST_N; n++) s.tst[n] = Math.max(0, hyp.length - n + 1);
  const refMax = new Map<string, number>();
  let refLength: number | undefined;
  refs.forEach((r, k) => {
    for (const [ngram, c] of refCounts?.[k] ?? countNgrams(r, NIST_N)) refMax.set(ngram, Math.max(refMax.get(ngram) ?? 0, c));
    for (let n = 1; n <= NIST_N; n++) s.ref[n] += Math.max(0, r.length - n + 1);
    // brevity_penalty_closest: the first reference set initialises; later empty ones are skipped
    if (refLength === undefined) refLength = r.length;
    else if (r.length > 0) {
      const dNew = Math.abs(hyp.length - r.length), dCur = Math.abs(hyp.length - refLength);
      if (dNew < dCur || (dNew === dCur && r.length < refLength)) refLength = r.length;
    }
  });
  s.refLength = refLength ?? 0;
  for (const [ngram, c] of countNgrams(hyp, NIST_N)) {
    const m = refMax.get(ngram);
    if (m === undefined) continue;
    const n = ngramOrder(ngram);
    const clipped = Math.min(c, m);
    s.match[n] += clipped;
    s.tstInfo[n] += info.get(ngram)! * clipped;
  }
  return s;
}

export function addStats(a: MtevalStats, b: MtevalStats): MtevalStats {
  const out: MtevalStats = { refLength: a.refLength + b.refLength, match: zeros(), tst: zeros(), ref: zeros(), tstInfo: zeros() };
  for (let n = 1; n <= NIST_N; n++) {
    out.match[n] = a.match[n] + b.match[n];
    out.tst[n] = a.tst[n] + b.tst[n];
    out.ref[n] = a.ref[n] + b.ref[n];
    out.tstInfo[n] = a.tstInfo[n] + b.tstInfo[n];
  }
  return out;
}

/** mteval's smoothed bleu_score (the default; --no-smoothing is never passed by measure_scores.py). */
export function bleuFromStats(s: MtevalStats): number {
  const expLen = s.tst[1] > 0 ? Math.exp(Math.min(0, 1 - s.refLength / s.tst[1])) : 0;
  let score = 0, smooth = 1;
  for (let n = 1; n <= BLEU_N; n++) {
    let iscore: number;
    if (s.tst[n] === 0) iscore = 0;
    else if (s.match[n] === 0) { smooth *= 2; iscore = Math.log(1 / (smooth * s.tst[n])); }
    else iscore = Math.log(s.match[n] / s.tst[n]);
    score += iscore;
  }
  return Math.exp(score / BLEU_N) * expLen;
}

const NIST_BETA = -Math.log(0.5) / Math.log(1.5) / Math.log(1.5);

function nistLengthPenalty(ratio: number): number {
  if (ratio >= 1) return 1;
  if (ratio <= 0) return 0;
  return Math.exp(-NIST_BETA * Math.log(ratio) * Math.log(ratio));
}

/**
 * mteval's nist_score. `refsPerSegment` is the perl $nsys: the mean number of non-empty references
 * per segment, so that ref[1] / refsPerSegment = segments × mean non-empty reference length.
 */
export function nistFromStats(s: MtevalStats, refsPerSegment: number): number {
  let score = 0;
  for (let n = 1; n <= NIST_N; n++) score += s.tstInfo[n] / Math.max(s.tst[n], 1);
  const avgRef = s.ref[1] / refsPerSegment;
  return score * nistLengthPenalty(s.tst[1] / avgRef);
}

export interface MtevalResult { bleu: number; nist: number; segments: MtevalStats[] }

/** Corpus BLEU and NIST of raw text (tokenised here). `refs[i]` are the references of segment i. */
export function mtevalScores(hyps: readonly string[], refs: readonly (readonly string[])[]): MtevalResult {
  const hypWords = hyps.map(mtevalWords);
  const refWords = refs.map((rs) => rs.map(mtevalWords));
  const refCounts = refWords.map((rs) => rs.map((w) => countNgrams(w, NIST_N)));
  const info = ngramInfo(refWords.flat(), refCounts.flat());
  let nonEmptyRefs = 0;
  for (const rs of refWords) for (const r of rs) if (r.length > 0) nonEmptyRefs++;
  const refsPerSegment = nonEmptyRefs / hyps.length;
  let total: MtevalStats = { refLength: 0, match: zeros(), tst: zeros(), ref: zeros(), tstInfo: zeros() };
  const segments = hypWords.map((h, i) => {
    const s = segmentStats(h, refWords[i], info, refCounts[i]);
    total = addStats(total, s);
    return s;
  });
  return { bleu: bleuFromStats(total), nist: nistFromStats(total, refsPerSegment), segments };
}
