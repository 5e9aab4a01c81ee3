/**
 * Pretraining recipes: a tiny RoBERTa-shaped encoder, MLM-pretrained offline, stands in for the papers'
 * pretrained checkpoints (none are reachable here). A recipe is data; its hash names the cache folder.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '@peftbench/util';

export const recipeSchema = z.object({
  name: z.string().describe('recipe name, part of the cache folder name'),
  layers: z.number().int().positive().describe('encoder layers'),
  hidden: z.number().int().positive().describe('hidden size d'),
  heads: z.number().int().positive().describe('attention heads'),
  ffn: z.number().int().positive().describe('FFN inner size'),
  maxLength: z.number().int().min(8).describe('longest pretraining sequence in tokens, specials included'),
  steps: z.number().int().positive().describe('MLM optimizer steps'),
  batchSize: z.number().int().positive(),
  learningRate: z.number().positive(),
  warmupRatio: z.number().min(0).max(1),
  weightDecay: z.number().min(0),
  maskProbability: z.number().gt(0).lt(1).describe('BERT: 15% of tokens, of which 80% <mask>, 10% random, 10% kept'),
  summaryWeight: z.number().min(0).describe('weight of the sentence-summary loss: <s> predicts the bag of words of its sequence (mlm.ts: bagOfWords); 0 = plain MLM'),
  summaryIdf: z.boolean().optional().describe('weight each word of the summary target by its inverse document frequency over the corpus (log N / df), so <s> spends its capacity on content words (the evaluative adjective, the object) rather than on "the" and "."; absent = false (every token counts once)'),
  pairWeight: z.number().min(0).optional().describe('weight of the sentence-pair objective (pairs.ts): <s> predicts how much of sentence B was copied from sentence A; absent = 0'),
  spreadWeight: z.number().min(0).optional().describe('weight of the <s> spread loss (pretrain.ts: clsSpread, VICReg variance + covariance terms): every dimension of the last layer\'s <s> varies across the batch, so a classification head on a frozen backbone gets well-scaled features; absent = 0'),
  mimeticInit: z.number().min(0).optional().describe('mimetic initialisation (Trockman & Kolter 2023): W_Q and W_K start at their random init + this times I, so attention starts as token similarity; absent = 0'),
  typeVocabSize: z.number().int().min(1).max(2).optional().describe('2 = segment embeddings (BERT style): sentence B of a pair gets token type 1 (tokenizer template); absent = 1, as RoBERTa'),
  corpusSize: z.number().int().positive().describe('sentences: the demo corpus size, or the seeded sample drawn from GLUE training text'),
  corpusNer: z.number().int().positive().optional().describe('demo corpus: also the first this many sentences of the demo NER suite\'s train split (seed 0: the CoNLL family\'s own train split at its default size 400, unlabeled; never validation or test), so that the encoder the CoNLL family fine-tunes has seen its names as words rather than as byte pieces; absent = none'),
  corpusMinWords: z.number().int().min(0).optional().describe('GLUE corpus: draw only sentences of at least this many words (pairs as long as the target task\'s); absent = 0'),
  corpusBalanced: z.boolean().optional().describe('GLUE corpus: draw corpusSize / (tasks found) sentences from each task\'s training text rather than corpusSize from all of it pooled (pooled, QQP and MNLI are 80% and SST-2 4%, so SST-2\'s words end up as byte pieces); absent = false'),
  seed: z.number().int(),
  /** Absent = 'roberta' (MLM encoder, pretrain.ts); 'gpt2' = causal-LM decoder (decoder.ts), which ignores maskProbability and summaryWeight. Optional so existing recipes hash as before. */
  arch: z.enum(['roberta', 'gpt2']).optional(),
  corpusPaired: z.boolean().optional().describe('decoders, E2E text: the references of a training MR follow its table linearisation ("name : X | food : Y") in one document, as a web page lists a place\'s facts and then describes it, so the model has learnt to describe what a listing says; fine-tuning\'s layout (the raw MR, EOS, one reference) is still new to it; absent = false (listing and references in separate documents)'),
  /** Decoders: n_positions (longest source + inserted + target + generated sequence). */
  positions: z.number().int().positive().optional(),
  /** Decoders: GPT-2 token ids kept in the restricted vocabulary although the corpus may not use them (words a method inserts by id, e.g. IT-Tuning's information tokens). */
  keepGpt2Ids: z.array(z.number().int().nonnegative()).optional(),
});
export type Recipe = z.infer<typeof recipeSchema>;

export const RECIPES: Record<string, Recipe> = {
  /**
   * The main command's model, shipped in packages/backbones (no pretraining at run time). MLM + the bag-of-words
   * summary objective, idf-weighted (<s> knows the sentence's content words: SST-2, CoLA) + the pair objective with
   * segment embeddings and mimetic attention init (<s> knows how much two sentences overlap: MRPC, QQP, STS-B,
   * MNLI, QNLI, RTE) + the <s> spread loss (well-scaled features for a fresh head), on the demo corpus, 3,200 steps:
   * 400 steps left <s> unreadable for a frozen backbone's head on SST-2 (50.0), 1,600 gave 63.7, 3,200 gave 81.5
   * (experiments/README.md, "What a frozen backbone's head can read"). Regenerates in ~18 minutes on 2 cores (wasm).
   */
  'tiny-roberta': {
    name: 'tiny-roberta', layers: 2, hidden: 128, heads: 2, ffn: 512, maxLength: 64, steps: 3200, batchSize: 32,
    learningRate: 2e-3, warmupRatio: 0.06, weightDecay: 0.01, maskProbability: 0.15, summaryWeight: 3, summaryIdf: true, pairWeight: 5, spreadWeight: 1, mimeticInit: 1, typeVocabSize: 2, corpusSize: 6000, seed: 0,
  },
  /**
   * The `english` backbone, for real GLUE (--data): MLM + the idf-weighted bag-of-words summary (<s> knows the
   * sentence's content words: SST-2, CoLA) + the pair objective with segment embeddings and mimetic init (<s> knows
   * how much two sentences overlap: MRPC, STS-B, RTE) + the <s> spread loss, on 9,000 GLUE training sentences drawn
   * equally from each task's training text (pooled, QQP and MNLI crowd out SST-2's words), 3,200 steps. Its 800-step
   * predecessor (pair objective alone, sentences of 15+ words) left <s> blind to single sentences (SST-2 ridge probe
   * at the majority class): experiments/README.md, "The tiny encoder". ~42 minutes on 2 cores (wasm).
   */
  'tiny-roberta-pairs': {
    name: 'tiny-roberta-pairs', layers: 2, hidden: 128, heads: 2, ffn: 512, maxLength: 128, steps: 3200, batchSize: 32,
    learningRate: 2e-3, warmupRatio: 0.06, weightDecay: 0.01, maskProbability: 0.15, summaryWeight: 3, summaryIdf: true, pairWeight: 5, spreadWeight: 1, mimeticInit: 1, typeVocabSize: 2, corpusSize: 9000, corpusMinWords: 0, corpusBalanced: true, seed: 0,
  },
  /**
   * The CoNLL family's demo model (conll-quick): plain MLM on the demo corpus plus the demo NER suite's train split
   * itself, unlabeled (its 400 sentences at the family's default size; cased names). tiny-roberta never saw a
   * capitalised name, so its restricted vocabulary spelt 99% of the entity words in byte pieces and a frozen
   * backbone had nothing to tag them by (span F1 LoRA 42.9, RED 30.5 against FT's 60.9; with this one 96.0, 90.6,
   * 99.9: experiments/README.md). Token features are what NER reads, so no <s> objective.
   */
  'tiny-roberta-ner': {
    name: 'tiny-roberta-ner', layers: 2, hidden: 128, heads: 2, ffn: 512, maxLength: 64, steps: 400, batchSize: 32,
    learningRate: 2e-3, warmupRatio: 0.06, weightDecay: 0.01, maskProbability: 0.15, summaryWeight: 0, corpusSize: 6000, corpusNer: 400, seed: 0,
  },
  /** For tests: seconds. */
  'micro-roberta': {
    name: 'micro-roberta', layers: 1, hidden: 32, heads: 2, ffn: 64, maxLength: 32, steps: 30, batchSize: 16,
    learningRate: 2e-3, warmupRatio: 0.1, weightDecay: 0.01, maskProbability: 0.15, summaryWeight: 1, pairWeight: 0, mimeticInit: 0, typeVocabSize: 1, corpusSize: 300, seed: 0,
  },
  /**
   * E2E's model (decoder.ts), shipped: a tiny GPT-2-shaped causal LM on the E2E training text, 1,600 steps (~25 minutes
   * on 2 cores). At 200 steps (the previous shipped one) demo E2E BLEU was FT 46.7, LoRA 27.7, IT-Tuning 18.6; at
   * 1,600, 74.6, 70.9, 69.2 (experiments/README.md, "E2E NLG"). math-quick pins steps=200 (it pretrains at run time).
   */
  'tiny-gpt2': {
    name: 'tiny-gpt2', arch: 'gpt2', layers: 2, hidden: 128, heads: 4, ffn: 512, maxLength: 128, positions: 256, steps: 1600, batchSize: 16,
    learningRate: 2e-3, warmupRatio: 0.06, weightDecay: 0.01, maskProbability: 0.15, summaryWeight: 0, corpusSize: 4000, seed: 0,
    // GPT-2 words IT-Tuning inserts as information tokens (its authors' ids): kept so the method finds them
    keepGpt2Ids: [35743, 13389, 2420, 3084, 10638, 1366, 6827, 10852],
  },
  /** For tests: seconds. */
  'micro-gpt2': {
    name: 'micro-gpt2', arch: 'gpt2', layers: 1, hidden: 32, heads: 2, ffn: 64, maxLength: 64, positions: 160, steps: 20, batchSize: 8,
    learningRate: 3e-3, warmupRatio: 0.1, weightDecay: 0.01, maskProbability: 0.15, summaryWeight: 0, corpusSize: 300, seed: 0,
    keepGpt2Ids: [35743, 13389, 2420, 3084, 10638, 1366, 6827, 10852],
  },
};

/** `tiny-roberta`, or `tiny-roberta:steps=200,layers=4` to override fields. */
export function parseRecipe(spec: string): Recipe {
  const [name, overrides] = spec.split(':', 2);
  const base = RECIPES[name];
  if (!base) throw new InputError(`pretrain recipe '${name}' is unknown (known: ${Object.keys(RECIPES).join(', ')})`);
  const fields: Record<string, unknown> = { ...base };
  for (const kv of overrides ? overrides.split(',') : []) {
    const [k, v] = kv.split('=');
    if (!(k in recipeSchema.shape) || v === undefined) throw new InputError(`pretrain recipe '${spec}': bad override '${kv}' (fields: ${Object.keys(recipeSchema.shape).join(', ')})`);
    fields[k] = k === 'name' ? v : k === 'keepGpt2Ids' ? v.split(/[; ]+/).filter(Boolean).map(Number) : v === 'true' || v === 'false' ? v === 'true' : Number(v);
  }
  const r = recipeSchema.safeParse(fields);
  if (!r.success) throw new InputError(`pretrain recipe '${spec}' [${r.error.issues[0].path.join('.')}]: ${r.error.issues[0].message}`);
  return r.data;
}

/** Hash of everything that determines the weights: the recipe and the corpus identity. */
export function recipeHash(recipe: Recipe, corpusId: string): string {
  return createHash('sha256').update(JSON.stringify({ recipe, corpusId, format: 2 })).digest('hex').slice(0, 12);
}
