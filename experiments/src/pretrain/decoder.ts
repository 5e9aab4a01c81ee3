/**
 * `experiments:pretrain --recipe tiny-gpt2`: train a tiny GPT-2-shaped decoder as a causal LM offline and
 * save it as an HF-format folder (config.json `model_type: gpt2`, model.safetensors with GPT2LMHeadModel
 * names, tokenizer.json) that loads through the same path as hub models (`loadModel(dir, {task: 'causal-lm'})`).
 *
 * Corpus: the E2E *training* text only, as short documents about one restaurant each — its MR in both
 * layouts (raw, then IT-Tuning-linearised), and separately its references one after another — joined by
 * `<|endoftext|>` (GPT-2's separator). A document repeats names and values, so the model learns in-context
 * copying (what a real GPT-2 brings to E2E); no document pairs an MR with a reference, so the MR → text
 * mapping is left to fine-tuning. Validation and test references are never pretrained on (data/e2e-data.ts).
 * Vocabulary: the real GPT-2 byte-level BPE restricted to the tokens that text uses, plus <|endoftext|> and
 * IT-Tuning's information-token words, renumbered (the saved config.json says so).
 * Math runs pass `corpus: {kind: 'math', ...}` instead: the math training records' full prompt + response
 * text (data/math-corpus.ts), never an evaluation answer.
 * Cached under PEFTBENCH_CACHE/pretrained/<recipe>-<hash of recipe + corpus>; written to a temp folder and
 * renamed, so a killed pretraining never leaves a half-written model behind.
 */
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createModel, parseHfConfig, train, type Batch } from '@peftbench/core';
import { gpt2TokenizerJson, tokenizerFromJson } from '@peftbench/tokenizers';
import { lineariseMr } from '@peftbench/datasets';
import { InputError, Rng, cacheDir } from '@peftbench/util';
import { e2eSplitsFor, type E2eSource } from '../data/e2e-data.ts';
import { mathCorpusDocuments, type MathCorpus } from '../data/math-corpus.ts';
import { cachedModelFolder, saveHfFolder } from './save.ts';
import { parseRecipe, recipeHash, type Recipe } from './recipe.ts';
import type { PretrainOptions } from './pretrain.ts';

/** GPT-2's <|endoftext|>: document separator, bos, eos (and our pad). */
export const GPT2_EOS = 50256;
const ENDOFTEXT = '<|endoftext|>';

export interface DecoderPretrainOptions extends Omit<PretrainOptions, 'corpus'> {
  /** Demo E2E suite (default) or an E2E folder in the official layout; or math training text (math-corpus.ts). */
  corpus?: E2eSource | MathCorpus;
}

/**
 * The pretraining documents (each a list of texts) from the fine-tuning train part only: per MR, [MR, its
 * linearisation] and [its references]. MRs are tokenized as the source is (no leading space), references
 * as the target is (' ' + ref). At most `corpusSize` documents (a seeded sample).
 */
export async function decoderCorpusDocuments(recipe: Recipe, corpus: E2eSource): Promise<{ documents: string[][]; id: string; description: string }> {
  const { train, description } = await e2eSplitsFor(corpus);
  const refsByMr = new Map<string, string[]>();
  for (const p of train) refsByMr.set(p.mr, [...(refsByMr.get(p.mr) ?? []), ` ${p.ref}`]);
  // corpusPaired: the references follow the MR's table linearisation in one document (a listing, then reviews of the
  // place); the raw MR + EOS + one reference layout that fine-tuning uses is still never seen
  let documents = [...refsByMr].flatMap(([mr, refs]) => [[mr, lineariseMr(mr, 'table')], recipe.corpusPaired ? [lineariseMr(mr, 'table'), ...refs] : refs]);
  if (documents.length > recipe.corpusSize) documents = new Rng(recipe.seed).shuffle(documents).slice(0, recipe.corpusSize);
  const id = `e2e-train-docs:${createHash('sha256').update(JSON.stringify(documents)).digest('hex').slice(0, 16)}`;
  return { documents, id, description: `${description}: ${refsByMr.size} training MRs and ${train.length} training references` };
}

/** The folder of the pretrained decoder for `spec` (recipe name with optional overrides); trains it if absent. */
export async function ensurePretrainedDecoder(spec: string, opts: DecoderPretrainOptions = {}): Promise<string> {
  const recipe = parseRecipe(spec);
  if (recipe.arch !== 'gpt2') throw new InputError(`pretrain recipe '${spec}': not a decoder recipe (arch ${recipe.arch ?? 'roberta'}); use ensurePretrained`);
  for (const field of ['corpusNer', 'summaryIdf', 'corpusBalanced'] as const) {
    if (recipe[field] !== undefined) throw new InputError(`pretrain recipe '${spec}': ${field} is an encoder field (the encoder's corpus or <s> summary); a decoder recipe would ignore it`);
  }
  const corpus = opts.corpus ?? { kind: 'demo' };
  if (corpus.kind === 'math' && recipe.corpusPaired !== undefined) throw new InputError(`pretrain recipe '${spec}': corpusPaired arranges E2E documents; the math corpus would ignore it`);
  // math text has its own corpus id, so E2E recipe hashes are unchanged by this option
  const { documents, id, description } = corpus.kind === 'math' ? await mathCorpusDocuments(recipe, corpus) : await decoderCorpusDocuments(recipe, corpus);
  const dir = join(opts.cacheDir ?? cacheDir(), 'pretrained', `${recipe.name}-${recipeHash(recipe, id)}`);
  return cachedModelFolder(dir, opts.log, `pretraining ${recipe.name} (causal LM) on ${documents.length} documents (${description})`, (tmp) => pretrainDecoderInto(tmp, recipe, documents, id, description, opts));
}

/** GPT-2 config.json for a recipe (HF GPT2Config field names). */
export function gpt2ConfigFor(recipe: Recipe, vocabSize: number, eosId: number, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: vocabSize,
    n_positions: recipe.positions ?? 4 * recipe.maxLength,
    n_embd: recipe.hidden,
    n_layer: recipe.layers,
    n_head: recipe.heads,
    n_inner: recipe.ffn,
    activation_function: 'gelu_new',
    resid_pdrop: 0.1,
    embd_pdrop: 0.1,
    attn_pdrop: 0.1,
    layer_norm_epsilon: 1e-5,
    initializer_range: 0.02,
    bos_token_id: eosId,
    eos_token_id: eosId,
    tie_word_embeddings: true,
    peftbench: extra,
  };
}

async function pretrainDecoderInto(out: string, recipe: Recipe, documents: string[][], corpusId: string, description: string, opts: DecoderPretrainOptions): Promise<void> {
  const started = Date.now();
  // 1. vocabulary: GPT-2's BPE restricted to the corpus' tokens + <|endoftext|> + IT-Tuning's information words
  const full = tokenizerFromJson(gpt2TokenizerJson({ flavour: 'gpt2' }), {}, 'gpt2-bpe');
  const seen = new Set<number>([GPT2_EOS, ...(recipe.keepGpt2Ids ?? [])]);
  for (const doc of documents) for (const t of doc) for (const id of full.encode(t, undefined, { addSpecialTokens: false }).ids) seen.add(id);
  const restricted = gpt2TokenizerJson({ flavour: 'gpt2', keepIds: [...seen] });
  const tokenizerConfig = { model_max_length: recipe.positions ?? 4 * recipe.maxLength, bos_token: ENDOFTEXT, eos_token: ENDOFTEXT, unk_token: ENDOFTEXT };
  const tok = tokenizerFromJson(restricted.tokenizerJson, tokenizerConfig, 'restricted tokenizer');
  const eos = tok.special.eos!;
  opts.log?.(`vocabulary: ${tok.vocabSize} of ${full.vocabSize} GPT-2 BPE tokens (those the corpus uses, plus bytes, <|endoftext|> and the recipe's keepGpt2Ids)`);

  // 2. model
  const config = gpt2ConfigFor(recipe, tok.vocabSize, eos, {
    note: `vocabulary restricted to the ${tok.vocabSize} GPT-2 byte-level BPE tokens the pretraining corpus uses (plus the 256 byte symbols, <|endoftext|> and the recipe's keepGpt2Ids); ids renumbered in GPT-2 order`,
    recipe,
    corpus: corpusId,
    corpusDescription: description,
  });
  const model = createModel(parseHfConfig(config), 'causal-lm', { seed: recipe.seed });

  // 3. data: <|endoftext|> text <|endoftext|> text … (cut at maxLength), loss on every token after the first
  const ids = (t: string) => tok.encode(t, undefined, { addSpecialTokens: false }).ids;
  const rows = documents.map((doc) => [eos, ...doc.flatMap((t) => [...ids(t), eos])].slice(0, recipe.maxLength));
  const stepsPerEpoch = Math.max(1, Math.floor(rows.length / recipe.batchSize));
  const trainBatches = function* (epoch: number): Generator<Batch> {
    const order = new Rng(recipe.seed * 1000 + epoch).shuffle(rows.map((_, i) => i));
    for (let s = 0; s < stepsPerEpoch; s++) {
      const picked = order.slice(s * recipe.batchSize, (s + 1) * recipe.batchSize).map((i) => rows[i]);
      const T = Math.max(...picked.map((r) => r.length));
      const fill = (r: number[], v: number) => [...r, ...Array(T - r.length).fill(v)];
      yield {
        inputIds: picked.map((r) => fill(r, eos)),
        attentionMask: picked.map((r) => fill(r.map(() => 1), 0)),
        labels: picked.map((r) => fill(r, -100)),
      };
    }
  };
  const result = await train({
    model,
    trainBatches,
    stepsPerEpoch,
    epochs: Math.ceil(recipe.steps / stepsPerEpoch),
    maxSteps: recipe.steps,
    learningRate: recipe.learningRate,
    weightDecay: recipe.weightDecay,
    schedule: { kind: 'linear', warmupRatio: recipe.warmupRatio },
    maxGradNorm: 1,
    seed: recipe.seed,
    onProgress: (p) => opts.onProgress?.({ step: p.step, totalSteps: p.totalSteps, loss: p.loss }),
  });
  if (result.status !== 'ok') throw new Error(`pretraining ${recipe.name} ${result.status}: ${result.message}`);

  // 4. save in HF format (GPT2LMHeadModel names; lm_head is tied to wte and not written, as HF saves it)
  saveHfFolder(out, model, { config, tokenizerConfig, tokenizerJson: restricted.tokenizerJson }, {
    result,
    started,
    about: { recipe, corpus: corpusId, corpusDescription: description, documents: documents.length },
  });
  model.dispose();
}
