/**
 * BERT's masked-LM corruption (Devlin et al. 2019, §3.1): choose `p` of the non-special tokens; of those,
 * 80% become <mask>, 10% a random token, 10% stay. Labels hold the original id there, -100 elsewhere.
 */
import type { Rng } from '@peftbench/util';

export function maskTokens(ids: number[], opts: { p: number; maskId: number; vocabSize: number; specialIds: Set<number>; rng: Rng }): { inputIds: number[]; labels: number[] } {
  const inputIds = ids.slice();
  const labels: number[] = ids.map(() => -100);
  const candidates = ids.map((id, i) => (opts.specialIds.has(id) ? -1 : i)).filter((i) => i >= 0);
  for (const i of candidates) {
    if (opts.rng.next() >= opts.p) continue;
    labels[i] = ids[i];
    const r = opts.rng.next();
    if (r < 0.8) inputIds[i] = opts.maskId;
    else if (r < 0.9) {
      let t = opts.rng.int(opts.vocabSize);
      while (opts.specialIds.has(t)) t = opts.rng.int(opts.vocabSize);
      inputIds[i] = t;
    }
  }
  // at least one prediction per sequence keeps every batch's loss defined
  if (!labels.some((l) => l !== -100) && candidates.length > 0) {
    const i = candidates[opts.rng.int(candidates.length)];
    labels[i] = ids[i];
    inputIds[i] = opts.maskId;
  }
  return { inputIds, labels };
}

/**
 * The sentence-summary objective at the first token: <s> (position 0) must predict one token of its
 * sequence, drawn at random each time (a bag-of-words target through the same tied output layer).
 * Real RoBERTa's <s> carries sentence content after 160 GB of pretraining; a few hundred MLM steps leave
 * it nearly input-independent, and methods with a frozen backbone (RED, LoRA, BitFit) classify from it.
 */
export function addSummaryTarget(ids: number[], labels: number[], opts: { specialIds: Set<number>; rng: Rng }): void {
  const content = ids.filter((id) => !opts.specialIds.has(id));
  if (content.length > 0 && labels.length > 0) labels[0] = content[opts.rng.int(content.length)];
}
