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
 * The bag-of-words target of the sentence-summary objective: the distribution of the sequence's content
 * tokens, which the first token (<s>) must predict through the tied output layer. Real RoBERTa's <s>
 * carries sentence content after 160 GB of pretraining; a few hundred MLM steps leave it nearly
 * input-independent, and the methods with a frozen backbone (RED, LoRA, BitFit) classify from it.
 */
export function bagOfWords(ids: number[], specialIds: Set<number>): number[] {
  return ids.filter((id) => !specialIds.has(id));
}
