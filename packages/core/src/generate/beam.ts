/**
 * Beam search, as HF beam_search + BeamSearchScorer in transformers 4.35 (the fixtures' version):
 * - beams start from the same prompt; only the first has score 0 (others -1e9) so step 1 does not repeat;
 * - each step: log-softmax, processors, + beam score (float32), top 2·numBeams candidates over
 *   numBeams × vocab per batch item;
 * - a candidate ending in eos among the top numBeams becomes a finished hypothesis scored
 *   sum_logprobs / len^lengthPenalty, where len is the hypothesis length *including the prompt* (and its
 *   padding) — 4.35 behaviour, changed in 4.36 to count generated tokens only;
 * - the first numBeams non-eos candidates continue;
 * - a batch item is done when it holds numBeams hypotheses and (earlyStopping true) always, (false) the
 *   best running score / cur_len^lp cannot beat the worst kept one, ('never') the same bound at max length
 *   when lengthPenalty > 0;
 * - at the end, open beams of unfinished items are added as hypotheses; the best numReturnSequences are
 *   returned, padded with pad, with eos appended where a hypothesis is shorter than the longest.
 */
import type { SearchSession } from './session.ts';
import { processScores } from './processors.ts';
import type { GenerateOptions } from './options.ts';

const f = Math.fround;

/** The n best finished hypotheses of one batch item (HF BeamHypotheses). */
export class BeamHypotheses {
  readonly beams: { score: number; tokens: number[] }[] = [];
  worstScore = 1e9;

  constructor(
    private readonly numBeams: number,
    private readonly lengthPenalty: number,
    private readonly earlyStopping: boolean | 'never',
    private readonly maxLength: number,
  ) {}

  add(tokens: number[], sumLogprobs: number): void {
    const score = sumLogprobs / tokens.length ** this.lengthPenalty;
    if (this.beams.length < this.numBeams || score > this.worstScore) {
      this.beams.push({ score, tokens });
      if (this.beams.length > this.numBeams) {
        // drop the worst (ties: the earliest added), as HF's sorted((s, idx)) does
        const order = this.beams.map((b, i) => [b.score, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        this.beams.splice(order[0][1], 1);
        this.worstScore = order[1][0];
      } else {
        this.worstScore = Math.min(score, this.worstScore);
      }
    }
  }

  isDone(bestSumLogprobs: number, curLen: number): boolean {
    if (this.beams.length < this.numBeams) return false;
    if (this.earlyStopping === true) return true;
    const len = this.earlyStopping === 'never' && this.lengthPenalty > 0 ? this.maxLength : curLen;
    return this.worstScore >= bestSumLogprobs / len ** this.lengthPenalty;
  }
}

export interface BeamResult {
  sequences: number[][];
  sequenceScores: number[];
}

/** Top k (value, index) of `x`, best first; ties keep the lower index first. */
function topK(values: Float32Array, k: number): { value: number; index: number }[] {
  const best: { value: number; index: number }[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (best.length === k && !(v > best[k - 1].value)) continue;
    let pos = best.length;
    while (pos > 0 && v > best[pos - 1].value) pos--;
    best.splice(pos, 0, { value: v, index: i });
    if (best.length > k) best.pop();
  }
  return best;
}

/**
 * `session` holds one row per prompt. The first step runs the prompts once; then every row is repeated
 * numBeams times (beams adjacent) with its cache: all beams share the prompt, so running it numBeams
 * times (as HF does) would only repeat work.
 */
export function beamSearch(session: SearchSession, opts: GenerateOptions, eos: number[], pad: number | null): BeamResult {
  const nb = opts.numBeams;
  const batch = session.sequences.length;
  const promptScores = session.nextScores(true);
  const expand = Array.from({ length: batch * nb }, (_, r) => Math.floor(r / nb));
  session.reorder(expand);
  let pending: Float32Array[] | null = expand.map((b) => promptScores[b].slice());
  const maxLength = session.length + opts.maxNewTokens;
  const hyps = Array.from({ length: batch }, () => new BeamHypotheses(nb, opts.lengthPenalty, opts.earlyStopping, maxLength));
  const done = new Array(batch).fill(false);
  let beamScores: number[] = Array.from({ length: batch * nb }, (_, r) => (r % nb === 0 ? 0 : -1e9));

  while (true) {
    const curLen = session.length;
    const logp = pending ?? session.nextScores(true);
    pending = null;
    const V = logp[0].length;
    logp.forEach((row, r) => {
      processScores(row, session.sequences[r], opts);
      for (let v = 0; v < V; v++) row[v] = f(row[v] + beamScores[r]);
    });
    const nextScores: number[] = [];
    const nextTokens: number[] = [];
    const nextRows: number[] = [];
    for (let b = 0; b < batch; b++) {
      if (done[b]) {
        for (let j = 0; j < nb; j++) {
          nextScores.push(0);
          nextTokens.push(pad as number);
          nextRows.push(b * nb);
        }
        continue;
      }
      const flat = new Float32Array(nb * V);
      for (let j = 0; j < nb; j++) flat.set(logp[b * nb + j], j * V);
      const candidates = topK(flat, 2 * nb);
      let kept = 0;
      for (const [rank, c] of candidates.entries()) {
        const row = b * nb + Math.floor(c.index / V);
        const token = c.index % V;
        if (eos.includes(token)) {
          if (rank >= nb) continue; // an eos outside the top numBeams does not finish a hypothesis
          hyps[b].add([...session.sequences[row]], c.value);
        } else {
          nextScores.push(c.value);
          nextTokens.push(token);
          nextRows.push(row);
          kept++;
        }
        if (kept === nb) break;
      }
      if (kept < nb) throw new Error(`beam search: fewer than ${nb} non-eos candidates among the top ${2 * nb}`);
      done[b] = hyps[b].isDone(Math.max(...candidates.map((c) => c.value)), curLen);
    }
    beamScores = nextScores;
    session.reorder(nextRows);
    session.append(nextTokens);
    if (done.every(Boolean) || session.length >= maxLength) break;
  }

  // finalize: open beams of unfinished items compete with the finished hypotheses
  for (let b = 0; b < batch; b++) {
    if (done[b]) continue;
    for (let j = 0; j < nb; j++) hyps[b].add([...session.sequences[b * nb + j]], beamScores[b * nb + j]);
  }
  const best: { score: number; tokens: number[] }[] = [];
  for (const h of hyps) {
    const sorted = [...h.beams].sort((a, b) => a.score - b.score); // stable: HF's sorted(key=score) then pop()
    for (let j = 0; j < opts.numReturnSequences; j++) best.push(sorted.pop()!);
  }
  const lengths = best.map((h) => h.tokens.length);
  const outLen = Math.min(Math.max(...lengths) + 1, maxLength);
  const sequences = best.map((h) => {
    const row = [...h.tokens];
    if (row.length < outLen && eos.length > 0) row.push(eos[0]);
    while (row.length < outLen) row.push(pad as number);
    return row;
  });
  return { sequences, sequenceScores: best.map((h) => h.score) };
}
