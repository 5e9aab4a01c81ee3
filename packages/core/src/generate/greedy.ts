/**
 * Greedy decoding, as HF greedy_search (transformers 4.35): each step takes the argmax of the processed
 * next-token logits; a row that has produced eos continues with pad tokens; decoding stops when every
 * row has finished or after maxNewTokens.
 */
import type { SearchSession } from './session.ts';
import { processScores } from './processors.ts';
import type { GenerateOptions } from './options.ts';

export interface GreedyResult {
  sequences: number[][];
  /** [step][row] processed logits, when asked for. */
  scores?: Float32Array[][];
}

export function argmax(x: Float32Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
  return best;
}

export function greedySearch(session: SearchSession, opts: GenerateOptions, eos: number[], pad: number | null): GreedyResult {
  const rows = session.sequences.length;
  const unfinished = new Array(rows).fill(true);
  const scores: Float32Array[][] | undefined = opts.outputScores ? [] : undefined;
  for (let step = 0; step < opts.maxNewTokens; step++) {
    const logits = session.nextScores(false);
    logits.forEach((row, r) => processScores(row, session.sequences[r], opts));
    scores?.push(logits);
    const next = logits.map((row, r) => (unfinished[r] || eos.length === 0 ? argmax(row) : (pad as number)));
    session.append(next);
    next.forEach((t, r) => {
      if (eos.includes(t)) unfinished[r] = false;
    });
    if (eos.length > 0 && unfinished.every((u) => !u)) break;
  }
  return { sequences: session.sequences, scores };
}
