/**
 * T5 (`T5ForConditionalGeneration`, Raffel et al. 2020), v1.0 (ReLU FFN, tied head) and v1.1 (gated-GELU
 * FFN, untied head), with HF parameter names (`encoder.block.0.layer.0.SelfAttention.q.weight`, ...).
 *
 * What differs from the other architectures (see the hf-parity README, "T5: what the reference computes"):
 * pre-norm blocks with RMS norms (no mean, no bias), no biases anywhere, attention without the 1/√d_kv
 * scaling, a relative position bias built once from block 0's table per stack and shared by every block
 * of that stack (none in cross-attention), and the tied head's `d_model^-0.5` rescale.
 *
 * Layer indices (hook `ctx.layer`, `LinearInfo.layer`, RED's per-layer vectors, ...): encoder blocks are
 * 0..E-1, decoder blocks E..E+D-1 (`numLayers` = E + D). `ctx.causal` is false in the encoder, true in
 * the decoder. One block (hook points in brackets):
 *
 *   x ─ layer_norm ─ q/k/v ─[attention.query/key/value]─ softmax(q·kᵀ + position bias + mask + [bias]) · v
 *     (+[prefix] keys/values, decoder: + cache) ─ o ─[attention.output]─ dropout ─ +x
 *   (decoder only: ─ layer_norm ─ EncDecAttention q/k/v/o over the encoder output (wrapLinear only) ─ dropout ─ +)
 *     ─[attention.residual]─ (the FFN's residual input, after cross-attention in the decoder)
 *     ─ layer_norm ─ act(wi) | act(wi_0)·wi_1 ─[ffn.intermediate]─ dropout ─ wo ─[ffn.output]─ dropout ─ + ─[layer.output]
 *
 * `embeddings.output` runs for each stack's embedding (layer -1; `ctx.causal` tells which); the word-embedding
 * hook (HF inputs_embeds) for the encoder's only. Input transforms rewrite the encoder input only; labels and
 * decoder inputs pass through unchanged. Prefix keys/values go to the self-attention of every block (both
 * stacks), not to cross-attention; they take no position (no relative bias) and are always visible. Attention-
 * bias hooks are added to self-attention scores only. Tensor hooks do not fire inside cross-attention, whose
 * Linears (`EncDecAttention.q/k/v/o`, roles q/k/v/o) are reached through wrapLinear.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@peftbench/util';
import { TokenKind, type HookContext, type LinearInfo, type ModelInput } from '../hooks.ts';
import { PreTrainedModel, NEG_INF, type ForwardOptions, type ForwardOutput, type LoadReport, type TaskKind } from './base.ts';
import { causalMask, groupedAttention, splitHeads } from './decoder-attention.ts';
import { t5Activation, t5DecoderLayers, t5IsGated, type T5Config } from './t5-config.ts';
import { t5PositionBias } from './t5-position.ts';
import { Seq2SeqCache } from './t5-cache.ts';

/** Encoder input plus the decoder side. */
export interface Seq2SeqInput extends ModelInput {
  /** Decoder input ids [B, T_dec]; absent: HF's shift-right of `labels` (decoder_start, labels[:-1], -100 → pad). */
  decoderInputIds?: number[][];
  /** Decoder padding mask [B, T_dec]; absent: causal mask only (as HF with decoder_attention_mask None). */
  decoderAttentionMask?: number[][];
}

/** The encoder's output, reusable across decoder calls (generation runs the encoder once). */
export interface EncoderState {
  /** [B, T, D] after the final norm (and dropout when training). */
  hidden: tf.Tensor;
  /** [B][T] encoder padding mask. */
  attentionMask: number[][];
}

export interface T5ForwardOptions extends ForwardOptions {
  /** Skip the encoder and use this output (the input's inputIds are then not read). */
  encoderState?: EncoderState;
  /** Incremental decoding: decoder self-attention grows, cross-attention keys/values are kept. */
  cache?: Seq2SeqCache;
  /** Logits for the last decoder position only ([B, 1, V]). */
  lastLogitsOnly?: boolean;
}

export interface T5ForwardOutput extends ForwardOutput {
  /** HF encoder_last_hidden_state [B, T, D]. */
  encoderLastHiddenState: tf.Tensor;
  /** HF encoder_hidden_states (E + 1): embedding, block outputs, the last after the final norm. Absent with encoderState. */
  encoderHiddenStates?: tf.Tensor[];
  /** HF decoder_hidden_states (D + 1), same convention; also returned as `hiddenStates`. */
  decoderHiddenStates?: tf.Tensor[];
}

interface StackRun {
  ctx: HookContext;
  /** Position bias + additive mask for self-attention, [B|1, H, T, S] (shared by every block of the stack). */
  selfMask: tf.Tensor;
  cache?: Seq2SeqCache;
  /** Decoder only. */
  encoder?: EncoderState;
  crossMask?: tf.Tensor;
}

export class T5Model extends PreTrainedModel {
  readonly architecture = 'T5';
  readonly isEncoderDecoder = true;
  /** Model-level attention (input transforms run on the encoder input): not causal. */
  readonly causal = false;
  readonly hiddenSize: number;
  /** Encoder + decoder blocks (layer indices run on across the stacks). */
  readonly numLayers: number;
  readonly numEncoderLayers: number;
  readonly numDecoderLayers: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly innerDim: number;
  readonly vocabSize: number;
  readonly tiedEmbeddings: boolean;
  readonly cfg: T5Config;
  protected readonly foreignHeadPrefixes: string[];
  private readonly act: string;
  private readonly gated: boolean;

  constructor(config: T5Config, task: TaskKind, opts: { seed?: number } = {}) {
    if (task !== 'causal-lm' && task !== 'bare') {
      throw new InputError(`config.json [model_type]: t5 is text-to-text here; task '${task}' is not available (use 'causal-lm' for T5ForConditionalGeneration or 'bare' for T5Model)`);
    }
    super(config, task, opts.seed ?? 0);
    this.cfg = config;
    this.hiddenSize = config.d_model;
    this.numEncoderLayers = config.num_layers;
    this.numDecoderLayers = t5DecoderLayers(config);
    this.numLayers = this.numEncoderLayers + this.numDecoderLayers;
    this.numHeads = config.num_heads;
    this.headDim = config.d_kv;
    this.innerDim = config.num_heads * config.d_kv;
    this.vocabSize = config.vocab_size;
    this.tiedEmbeddings = config.tie_word_embeddings;
    this.act = t5Activation(config);
    this.gated = t5IsGated(config);
    this.foreignHeadPrefixes = task === 'bare' ? ['lm_head.'] : [];
    this.build();
  }

  private build(): void {
    const c = this.cfg;
    const D = c.d_model;
    const f = c.initializer_factor;
    // HF _init_weights scales (only for fresh models; checkpoints overwrite every tensor)
    this.param('shared.weight', [c.vocab_size, D], 'normal', { std: f });
    const attn = (path: string, relBias: boolean) => {
      this.linearParams(`${path}.q`, D, this.innerDim, { bias: false, std: f * (D * c.d_kv) ** -0.5 });
      this.linearParams(`${path}.k`, D, this.innerDim, { bias: false, std: f * D ** -0.5 });
      this.linearParams(`${path}.v`, D, this.innerDim, { bias: false, std: f * D ** -0.5 });
      this.linearParams(`${path}.o`, this.innerDim, D, { bias: false, std: f * this.innerDim ** -0.5 });
      if (relBias) this.param(`${path}.relative_attention_bias.weight`, [c.relative_attention_num_buckets, c.num_heads], 'normal', { std: f * D ** -0.5 });
    };
    const ffn = (path: string) => {
      const win = { bias: false, std: f * D ** -0.5 };
      if (this.gated) {
        this.linearParams(`${path}.wi_0`, D, c.d_ff, win);
        this.linearParams(`${path}.wi_1`, D, c.d_ff, win);
      } else this.linearParams(`${path}.wi`, D, c.d_ff, win);
      this.linearParams(`${path}.wo`, c.d_ff, D, { bias: false, std: f * c.d_ff ** -0.5 });
    };
    for (const [stack, n] of [['encoder', this.numEncoderLayers], ['decoder', this.numDecoderLayers]] as const) {
      for (let i = 0; i < n; i++) {
        const b = `${stack}.block.${i}.layer`;
        attn(`${b}.0.SelfAttention`, i === 0);
        this.layerNormParams(`${b}.0.layer_norm`, D, { bias: false });
        let ff = 1;
        if (stack === 'decoder') {
          attn(`${b}.1.EncDecAttention`, false);
          this.layerNormParams(`${b}.1.layer_norm`, D, { bias: false });
          ff = 2;
        }
        ffn(`${b}.${ff}.DenseReluDense`);
        this.layerNormParams(`${b}.${ff}.layer_norm`, D, { bias: false });
      }
      this.layerNormParams(`${stack}.final_layer_norm`, D, { bias: false });
    }
    if (this.task === 'causal-lm' && !c.tie_word_embeddings) this.linearParams('lm_head', D, c.vocab_size, { bias: false, std: f });
  }

  /** Global layer index of decoder block j. */
  decoderLayer(j: number): number {
    return this.numEncoderLayers + j;
  }

  linearLayers(): LinearInfo[] {
    const D = this.hiddenSize;
    const I = this.innerDim;
    const F = this.cfg.d_ff;
    const out: LinearInfo[] = [];
    const add = (name: string, role: string, layer: number, inF: number, outF: number) => out.push({ name, role, layer, inFeatures: inF, outFeatures: outF });
    for (const [stack, n, offset] of [['encoder', this.numEncoderLayers, 0], ['decoder', this.numDecoderLayers, this.numEncoderLayers]] as const) {
      for (let i = 0; i < n; i++) {
        const b = `${stack}.block.${i}.layer`;
        const layer = offset + i;
        const attn = (path: string) => {
          for (const r of ['q', 'k', 'v']) add(`${path}.${r}`, r, layer, D, I);
          add(`${path}.o`, 'o', layer, I, D);
        };
        attn(`${b}.0.SelfAttention`);
        const ff = stack === 'decoder' ? 2 : 1;
        if (stack === 'decoder') attn(`${b}.1.EncDecAttention`);
        const d = `${b}.${ff}.DenseReluDense`;
        if (this.gated) {
          add(`${d}.wi_0`, 'wi_0', layer, D, F);
          add(`${d}.wi_1`, 'wi_1', layer, D, F);
        } else add(`${d}.wi`, 'wi', layer, D, F);
        add(`${d}.wo`, 'wo', layer, F, D);
      }
    }
    if (this.task === 'causal-lm' && !this.tiedEmbeddings) add('lm_head', 'lm_head', -1, D, this.vocabSize);
    return out;
  }

  /** A fresh cache for incremental decoding of `batchSize` rows. */
  newCache(batchSize: number): Seq2SeqCache {
    return new Seq2SeqCache(this.numDecoderLayers, batchSize);
  }

  // ---- forward ----

  forward(rawInput: Seq2SeqInput, opts: T5ForwardOptions = {}): T5ForwardOutput {
    const training = opts.training ?? false;
    let encoder: EncoderState;
    let encoderHiddenStates: tf.Tensor[] | undefined;
    let input: ModelInput = rawInput;
    if (opts.encoderState) encoder = opts.encoderState;
    else {
      const enc = this.encode(rawInput, { training, outputHiddenStates: opts.outputHiddenStates });
      encoder = enc.state;
      encoderHiddenStates = enc.hiddenStates;
      input = enc.input;
    }
    const decIds = rawInput.decoderInputIds ?? this.shiftRight(rawInput.labels, 'labels');
    const dec = this.decode(decIds, rawInput.decoderAttentionMask, encoder, { training, outputHiddenStates: opts.outputHiddenStates, cache: opts.cache });
    const out: T5ForwardOutput = {
      lastHiddenState: dec.hidden,
      hiddenStates: dec.hiddenStates,
      decoderHiddenStates: dec.hiddenStates,
      encoderHiddenStates,
      encoderLastHiddenState: encoder.hidden,
      input: { ...input, labels: rawInput.labels },
    };
    if (this.task === 'causal-lm') out.logits = this.lmLogits(dec.hidden, training, opts.lastLogitsOnly ?? false);
    return out;
  }

  /** Run the encoder stack (input transforms apply here). */
  encode(rawInput: ModelInput, opts: { training?: boolean; outputHiddenStates?: boolean } = {}): { state: EncoderState; hiddenStates?: tf.Tensor[]; input: ModelInput } {
    const training = opts.training ?? false;
    const input = this.prepareInput({ inputIds: rawInput.inputIds, attentionMask: rawInput.attentionMask ?? rawInput.inputIds.map((r) => r.map(() => 1)), tokenKinds: rawInput.tokenKinds }, training);
    const B = input.inputIds.length;
    const T = input.inputIds[0].length;
    this.checkIds(input.inputIds, 'input_ids');
    const mask2d = tf.tensor2d(input.attentionMask, [B, T], 'float32');
    const ctx = this.hookContext(input, mask2d, training, 0);
    const keyMask = tf.mul(tf.sub(1, tf.reshape(mask2d, [B, 1, 1, T])), NEG_INF);
    const bias = t5PositionBias(this.v('encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'), T, T, 0, true, this.cfg.relative_attention_max_distance);
    const run: StackRun = { ctx, selfMask: tf.add(bias, keyMask) };
    const h = this.stack('encoder', tf.tensor2d(input.inputIds, [B, T], 'int32'), run, training, opts.outputHiddenStates ?? false);
    return { state: { hidden: h.hidden, attentionMask: input.attentionMask }, hiddenStates: h.hiddenStates, input };
  }

  /** Run the decoder stack over `ids` [B, T_dec] against the encoder output. */
  decode(ids: number[][], decoderMask: number[][] | undefined, encoder: EncoderState, opts: { training?: boolean; outputHiddenStates?: boolean; cache?: Seq2SeqCache } = {}): { hidden: tf.Tensor; hiddenStates?: tf.Tensor[] } {
    const training = opts.training ?? false;
    const cache = opts.cache;
    const B = ids.length;
    if (B === 0 || ids[0].length === 0 || ids.some((r) => r.length !== ids[0].length)) throw new InputError('model input [decoder_input_ids]: empty or ragged');
    const T = ids[0].length;
    if (encoder.attentionMask.length !== B) throw new InputError(`model input [decoder_input_ids]: ${B} rows, the encoder input has ${encoder.attentionMask.length}`);
    if (decoderMask && (decoderMask.length !== B || decoderMask.some((r) => r.length !== T))) throw new InputError(`model input [decoder_attention_mask]: shape does not match decoder_input_ids [${B}, ${T}]`);
    if (cache && cache.batchSize !== B) throw new Error(`KV cache holds ${cache.batchSize} rows, input has ${B}`);
    this.checkIds(ids, 'decoder_input_ids');
    const past = cache?.length ?? 0;
    const mask = decoderMask ?? ids.map((r) => r.map(() => 1));
    const mask2d = tf.tensor2d(mask, [B, T], 'float32');
    const kinds = new Int32Array(B * T);
    mask.forEach((row, b) => row.forEach((m, t) => (kinds[b * T + t] = m ? TokenKind.target : TokenKind.pad)));
    const ctx: HookContext = { layer: -1, training, attentionMask: mask2d, tokenKinds: kinds, batchSize: B, seqLen: T, causal: true, pastLength: past };
    const keyMask = cache ? mask.map((row, b) => [...cache.self.mask[b], ...row]) : mask;
    const S = past + T;
    const bias = t5PositionBias(this.v('decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'), T, S, past, false, this.cfg.relative_attention_max_distance);
    const Se = encoder.attentionMask[0].length;
    const crossMask = tf.mul(tf.sub(1, tf.tensor4d(encoder.attentionMask.flat(), [B, 1, 1, Se], 'float32')), NEG_INF);
    const run: StackRun = { ctx, selfMask: tf.add(bias, causalMask(keyMask, past, T)), cache, encoder, crossMask };
    const out = this.stack('decoder', tf.tensor2d(ids, [B, T], 'int32'), run, training, opts.outputHiddenStates ?? false);
    cache?.self.commit(mask);
    return out;
  }

  private stack(name: 'encoder' | 'decoder', ids: tf.Tensor2D, run: StackRun, training: boolean, outputHidden: boolean): { hidden: tf.Tensor; hiddenStates?: tf.Tensor[] } {
    const dropout = this.cfg.dropout_rate;
    let h: tf.Tensor = tf.gather(this.v('shared.weight'), ids);
    // HF inputs_embeds (prompt tuning) exist for the encoder input only
    if (name === 'encoder') h = this.hooks.applyWordEmbeddings(h, run.ctx);
    h = this.hooks.apply('embeddings.output', h, run.ctx);
    h = this.dropout(h, dropout, training);
    const hidden: tf.Tensor[] | undefined = outputHidden ? [] : undefined;
    const n = name === 'encoder' ? this.numEncoderLayers : this.numDecoderLayers;
    const offset = name === 'encoder' ? 0 : this.numEncoderLayers;
    for (let i = 0; i < n; i++) {
      hidden?.push(h);
      h = this.block(name, i, offset + i, h, { ...run, ctx: { ...run.ctx, layer: offset + i } });
    }
    h = this.rmsNorm(`${name}.final_layer_norm`, h);
    h = this.dropout(h, dropout, training);
    hidden?.push(h);
    return { hidden: h, hiddenStates: hidden };
  }

  private block(stack: 'encoder' | 'decoder', i: number, layer: number, x: tf.Tensor, run: StackRun): tf.Tensor {
    const b = `${stack}.block.${i}.layer`;
    const ctx = run.ctx;
    const training = ctx.training;
    const rate = this.cfg.dropout_rate;
    const lin = (name: string, role: string, z: tf.Tensor) => this.linear(`${b}.${name}`, z, { role, layer }, training);

    // self-attention
    let n = this.rmsNorm(`${b}.0.layer_norm`, x);
    const q = this.hooks.apply('attention.query', lin('0.SelfAttention.q', 'q', n), ctx);
    const k = this.hooks.apply('attention.key', lin('0.SelfAttention.k', 'k', n), ctx);
    const v = this.hooks.apply('attention.value', lin('0.SelfAttention.v', 'v', n), ctx);
    let kh = splitHeads(k, this.numHeads);
    let vh = splitHeads(v, this.numHeads);
    if (run.cache) ({ key: kh, value: vh } = run.cache.self.append(i, kh, vh));
    let mask = run.selfMask;
    const prefixes = this.hooks.prefixes({ ...ctx, numKvHeads: this.numHeads, headDim: this.headDim });
    if (prefixes.length > 0) {
      if (this.hooks.prefixPositions() > 0) throw new Error('T5: prefixes that occupy position ids are not supported (T5 prefixes take no position: no relative bias, always visible)');
      kh = tf.concat([...prefixes.map((p) => p.key), kh], 2);
      vh = tf.concat([...prefixes.map((p) => p.value), vh], 2);
      const P = prefixes.reduce((s, p) => s + (p.key.shape[2] as number), 0);
      const [mb, mh, T] = mask.shape as number[];
      mask = tf.concat([tf.zeros([mb, mh, T, P]), mask], 3); // prefix keys: visible, no position bias
    }
    const biases = this.hooks.biases({ ...ctx, keyLength: kh.shape[2] as number, numHeads: this.numHeads });
    const context = groupedAttention({ q: splitHeads(q, this.numHeads), k: kh, v: vh, mask, scale: 1, biases, dropout: (p) => this.dropout(p, rate, training) });
    const a = this.hooks.apply('attention.output', lin('0.SelfAttention.o', 'o', context), ctx);
    let h = tf.add(x, this.dropout(a, rate, training));

    let ff = 1;
    if (stack === 'decoder') {
      // cross-attention: queries from the decoder, keys/values from the encoder output, encoder padding mask only
      ff = 2;
      const enc = run.encoder!;
      n = this.rmsNorm(`${b}.1.layer_norm`, h);
      const qc = splitHeads(lin('1.EncDecAttention.q', 'q', n), this.numHeads);
      const kv = () => ({ key: splitHeads(lin('1.EncDecAttention.k', 'k', enc.hidden), this.numHeads), value: splitHeads(lin('1.EncDecAttention.v', 'v', enc.hidden), this.numHeads) });
      const { key, value } = run.cache ? run.cache.crossKv(i, kv) : kv();
      const cc = groupedAttention({ q: qc, k: key, v: value, mask: run.crossMask!, scale: 1, biases: [], dropout: (p) => this.dropout(p, rate, training) });
      h = tf.add(h, this.dropout(lin('1.EncDecAttention.o', 'o', cc), rate, training));
    }
    // the FFN's residual input (decoder: after cross-attention), as 'attention.residual' is in every architecture
    h = this.hooks.apply('attention.residual', h, ctx);

    // feed-forward
    n = this.rmsNorm(`${b}.${ff}.layer_norm`, h);
    const d = `${ff}.DenseReluDense`;
    let g = this.gated
      ? tf.mul(this.activation(this.act, lin(`${d}.wi_0`, 'wi_0', n)), lin(`${d}.wi_1`, 'wi_1', n))
      : this.activation(this.act, lin(`${d}.wi`, 'wi', n));
    g = this.hooks.apply('ffn.intermediate', g, ctx);
    const f = this.hooks.apply('ffn.output', lin(`${d}.wo`, 'wo', this.dropout(g, rate, training)), ctx);
    return this.hooks.apply('layer.output', tf.add(h, this.dropout(f, rate, training)), ctx);
  }

  /** [B, T, D] → [B, T|1, V]: tied: (h · d_model^-0.5) · sharedᵀ; untied: lm_head, no rescale. */
  private lmLogits(h: tf.Tensor, training: boolean, lastOnly: boolean): tf.Tensor {
    const [B, T, D] = h.shape as number[];
    const hl = lastOnly ? tf.slice(h, [0, T - 1, 0], [B, 1, D]) : h;
    const rows = hl.shape[1] as number;
    const flat = tf.reshape(hl, [B * rows, D]) as tf.Tensor2D;
    const logits = this.tiedEmbeddings
      ? this.timesEmbeddingT(tf.mul(flat, D ** -0.5) as tf.Tensor2D, 'shared.weight')
      : this.linear('lm_head', flat, { role: 'lm_head', layer: -1 }, training);
    return tf.reshape(logits, [B, rows, this.vocabSize]);
  }

  /** HF T5LayerNorm: w · x / sqrt(mean(x²) + ε) (no mean subtraction, no bias). */
  private rmsNorm(name: string, x: tf.Tensor): tf.Tensor {
    const variance = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, this.cfg.layer_norm_epsilon))), this.v(`${name}.weight`));
  }

  /** HF `_shift_right`: [decoder_start, labels[:-1]] with -100 replaced by pad. */
  shiftRight(labels: ModelInput['labels'], field: string): number[][] {
    if (!labels || !Array.isArray(labels[0])) throw new InputError(`model input [decoderInputIds]: T5 needs decoder input ids or per-position ${field} [B][T_dec] to derive them from`);
    const start = this.cfg.decoder_start_token_id;
    if (start === undefined || start === null) throw new InputError('config.json [decoder_start_token_id]: needed to derive decoder inputs from labels, but not set');
    const pad = this.cfg.pad_token_id;
    return (labels as number[][]).map((row) => [start, ...row.slice(0, -1)].map((y) => (y === -100 ? pad : y)));
  }

  private checkIds(ids: number[][], field: string): void {
    for (const [b, row] of ids.entries()) {
      for (const [t, id] of row.entries()) {
        if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new InputError(`model input [${field}][${b}][${t}]: token id ${id} outside the vocabulary [0, ${this.vocabSize})`);
      }
    }
  }

  // ---- weights ----

  /**
   * HF ties `encoder.embed_tokens` / `decoder.embed_tokens` (and a tied `lm_head`) to `shared`: copies in a
   * checkpoint are dropped after a shape check. Attention weights are checked against num_heads · d_kv first,
   * so an inconsistent config names the tensor and both fields.
   */
  loadStateDict(tensors: Map<string, { shape: number[]; data: Float32Array }>, file: string): LoadReport {
    const kept = new Map<string, { shape: number[]; data: Float32Array }>();
    const D = this.hiddenSize;
    for (const [name, t] of tensors) {
      const tiedCopy = name === 'encoder.embed_tokens.weight' || name === 'decoder.embed_tokens.weight' || (name === 'lm_head.weight' && this.tiedEmbeddings);
      if (tiedCopy || name === 'lm_head.weight') {
        if (t.shape.join() !== [this.vocabSize, D].join()) throw new InputError(`${file} [${name}]: shape [${t.shape}] disagrees with config.json: expected [vocab_size ${this.vocabSize}, d_model ${D}]`);
        if (tiedCopy) continue;
      }
      const m = /\.(SelfAttention|EncDecAttention)\.([qkvo])\.weight$/.exec(name);
      if (m) {
        const expected = m[2] === 'o' ? [D, this.innerDim] : [this.innerDim, D];
        if (t.shape.join() !== expected.join()) {
          throw new InputError(`${file} [${name}]: shape [${t.shape}] disagrees with config.json num_heads ${this.numHeads} · d_kv ${this.headDim} = ${this.innerDim} (expected [${expected}])`);
        }
      }
      kept.set(name, t);
    }
    return super.loadStateDict(kept, file);
  }
}
