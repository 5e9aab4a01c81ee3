/**
 * DeBERTa-v2 / DeBERTa-v3 encoder (HF `model_type: "deberta-v2"`, post-LN, disentangled attention) with HF
 * parameter names, and its heads: sequence classification / regression (gelu ContextPooler on [CLS]),
 * token classification, or none (bare).
 *
 * One layer (hook points in brackets; the same points as the BERT/RoBERTa encoder):
 *   x ─ query_proj/key_proj/value_proj ─[attention.query/key/value]─ disentangled attention
 *     (c2p + p2c relative terms, + [attention bias], [prefix]) ─ output.dense ─[attention.output]─ dropout
 *     ─ +x ─ LayerNorm ─[attention.residual]─ intermediate.dense ─ GELU ─[ffn.intermediate]─ output.dense
 *     ─[ffn.output]─ dropout ─ + ─ LayerNorm ─[layer.output]
 * The relative embeddings go through the same query_proj / key_proj Linears (share_att_key), so a Linear
 * wrapper (LoRA) on them changes the position terms too, as HF PEFT's wrapped module does.
 *
 * Attention of query q to key k, per head (He et al. 2021, DeBERTa eq. 2 and 4; v3 shares the keys):
 *   s = (Q_q·K_k + Q_q·Kr[δ(q,k)] + K_k·Qr[δ'(q,k)]) / sqrt(d · (1 + |pos_att_type|))
 * with Kr = key_proj(R), Qr = query_proj(R), R = LayerNorm(rel_embeddings), δ the clamped log-bucket index.
 * The mask is the pair mask m[q]·m[k] applied after the softmax (a pad query row attends to nothing).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HookContext, LinearInfo, ModelInput } from '../hooks.ts';
import { matMulFast } from '../backend/matmul-fast.ts';
import { PreTrainedModel, NEG_INF, type ForwardOptions, type ForwardOutput, type TaskKind } from './base.ts';
import { numLabelsOf } from './config.ts';
import { debertaSizes, type DebertaPosAttType, type DebertaV2Config } from './deberta-config.ts';

/**
 * HF's `make_log_bucket_position` for one relative position r = q - k: exact within ±P/2, log-spaced
 * beyond, reaching ±(P - 1) at |r| = maxPosition - 1. HF computes the logs in float32; so do we (each step
 * rounded with Math.fround), which reproduces the fixtures' bucket tables. P ≤ 0: no bucketing.
 */
export function debertaBucket(r: number, positionBuckets: number, maxPosition: number): number {
  if (positionBuckets <= 0 || maxPosition <= 0) return r;
  const mid = Math.floor(positionBuckets / 2);
  const abs = Math.abs(r);
  if (abs <= mid) return r;
  const f = Math.fround;
  const ratio = f(Math.log(f(abs / mid)));
  const denom = f(Math.log(f((maxPosition - 1) / mid)));
  const logPos = Math.ceil(f(f(ratio / denom) * (mid - 1))) + mid;
  return Math.sign(r) * logPos;
}

/** [T, T] relative-position buckets rel[q][k] = bucket(q - k), as HF's `build_relative_position`. */
export function debertaRelativePositions(T: number, c: DebertaV2Config): number[][] {
  const { maxRelativePositions } = debertaSizes(c);
  return Array.from({ length: T }, (_, q) => Array.from({ length: T }, (_, k) => debertaBucket(q - k, c.position_buckets, maxRelativePositions)));
}

/**
 * `E[..., i, n]` (n = 0 … 2T-2) → `out[..., i, j] = E[..., i, j - i + T - 1]`: turns scores against the 2T-1
 * relative offsets into scores against the T keys (reshape/slice only, so gradients are plain).
 */
function skew(E: tf.Tensor, T: number): tf.Tensor {
  if (T === 1) return E;
  const lead = E.shape.slice(0, -2);
  const flat = E.reshape([...lead, T * (2 * T - 1)]);
  const begin = [...lead.map(() => 0), T - 1];
  const cut = tf.slice(flat, begin, [...lead, T * (2 * T - 2)]).reshape([...lead, T, 2 * T - 2]);
  return tf.slice(cut, [...lead.map(() => 0), 0, 0], [...lead, T, T]);
}

export class DebertaV2Model extends PreTrainedModel {
  readonly architecture = 'DeBERTa-v2';
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly causal = false;
  readonly numLabels: number;
  /** HF name prefix of the backbone. */
  readonly prefix = 'deberta';
  protected readonly foreignHeadPrefixes = ['pooler.', 'classifier.', 'cls.', 'lm_predictions.', 'mask_predictions.', 'qa_outputs.'];
  readonly cfg: DebertaV2Config;
  private readonly sizes: ReturnType<typeof debertaSizes>;
  private readonly posAtt: DebertaPosAttType[];
  private readonly hasPooler: boolean;

  constructor(config: DebertaV2Config, task: TaskKind, opts: { seed?: number; numLabels?: number } = {}) {
    super(config, task, opts.seed ?? 0);
    if (task === 'masked-lm' || task === 'causal-lm') throw new Error(`DeBERTa-v2: task '${task}' is not available (heads: sequence-classification, token-classification, bare)`);
    this.cfg = config;
    this.sizes = debertaSizes(config);
    this.posAtt = config.relative_attention ? ((config.pos_att_type ?? []) as DebertaPosAttType[]) : [];
    this.hiddenSize = config.hidden_size;
    this.numLayers = config.num_hidden_layers;
    this.numLabels = opts.numLabels ?? numLabelsOf(config);
    this.hasPooler = task === 'sequence-classification';
    this.build();
  }

  private build(): void {
    const c = this.cfg;
    const D = c.hidden_size;
    const E = this.sizes.embeddingSize;
    const A = this.sizes.allHeadSize;
    const p = this.prefix;
    const std = c.initializer_range;
    this.param(`${p}.embeddings.word_embeddings.weight`, [c.vocab_size, E], 'normal', { std });
    if (c.position_biased_input) this.param(`${p}.embeddings.position_embeddings.weight`, [c.max_position_embeddings, E], 'normal', { std });
    if (c.type_vocab_size > 0) this.param(`${p}.embeddings.token_type_embeddings.weight`, [c.type_vocab_size, E], 'normal', { std });
    if (E !== D) this.linearParams(`${p}.embeddings.embed_proj`, E, D, { std, bias: false });
    this.layerNormParams(`${p}.embeddings.LayerNorm`, D);
    if (c.relative_attention) this.param(`${p}.encoder.rel_embeddings.weight`, [this.sizes.relEmbeddingRows, D], 'normal', { std });
    if (c.norm_rel_ebd.includes('layer_norm')) this.layerNormParams(`${p}.encoder.LayerNorm`, D);
    for (let i = 0; i < c.num_hidden_layers; i++) {
      const l = `${p}.encoder.layer.${i}`;
      for (const m of ['query_proj', 'key_proj', 'value_proj']) this.linearParams(`${l}.attention.self.${m}`, D, A, { std });
      if (c.relative_attention && !c.share_att_key) {
        if (this.posAtt.includes('c2p')) this.linearParams(`${l}.attention.self.pos_key_proj`, D, A, { std });
        if (this.posAtt.includes('p2c')) this.linearParams(`${l}.attention.self.pos_query_proj`, D, A, { std });
      }
      this.linearParams(`${l}.attention.output.dense`, A, D, { std });
      this.layerNormParams(`${l}.attention.output.LayerNorm`, D);
      this.linearParams(`${l}.intermediate.dense`, D, c.intermediate_size, { std });
      this.linearParams(`${l}.output.dense`, c.intermediate_size, D, { std });
      this.layerNormParams(`${l}.output.LayerNorm`, D);
    }
    const head = { head: true, std };
    if (this.task === 'sequence-classification') {
      this.linearParams('pooler.dense', D, D, head);
      this.linearParams('classifier', D, this.numLabels, head);
    } else if (this.task === 'token-classification') {
      this.linearParams('classifier', D, this.numLabels, head);
    }
  }

  linearLayers(): LinearInfo[] {
    const c = this.cfg;
    const D = c.hidden_size;
    const A = this.sizes.allHeadSize;
    const out: LinearInfo[] = [];
    if (this.sizes.embeddingSize !== D) out.push({ name: `${this.prefix}.embeddings.embed_proj`, role: 'embed_proj', layer: -1, inFeatures: this.sizes.embeddingSize, outFeatures: D });
    for (let i = 0; i < c.num_hidden_layers; i++) {
      const l = `${this.prefix}.encoder.layer.${i}`;
      for (const m of ['query', 'key', 'value']) out.push({ name: `${l}.attention.self.${m}_proj`, role: m, layer: i, inFeatures: D, outFeatures: A });
      if (c.relative_attention && !c.share_att_key) {
        if (this.posAtt.includes('c2p')) out.push({ name: `${l}.attention.self.pos_key_proj`, role: 'pos_key', layer: i, inFeatures: D, outFeatures: A });
        if (this.posAtt.includes('p2c')) out.push({ name: `${l}.attention.self.pos_query_proj`, role: 'pos_query', layer: i, inFeatures: D, outFeatures: A });
      }
      out.push({ name: `${l}.attention.output.dense`, role: 'attention.output.dense', layer: i, inFeatures: A, outFeatures: D });
      out.push({ name: `${l}.intermediate.dense`, role: 'intermediate.dense', layer: i, inFeatures: D, outFeatures: c.intermediate_size });
      out.push({ name: `${l}.output.dense`, role: 'output.dense', layer: i, inFeatures: c.intermediate_size, outFeatures: D });
    }
    return out;
  }

  protected resolveCheckpointName(name: string): string {
    // A bare DebertaV2Model saves without the `deberta.` prefix.
    if (/^(embeddings|encoder)\./.test(name)) return `${this.prefix}.${name}`;
    return name;
  }

  /**
   * For the T keys of a length-T input, the rows of R each relative offset uses, as one-hot [2T-1, 2·span]
   * matrices (a product with them is an exact row gather whose gradient is a plain matmul).
   * c2p: offset n ↔ q - k = T-1-n, row clamp(rel + span); p2c: n ↔ q - k = n-T+1, row clamp(-rel[k][q] + span).
   */
  private relativeSelectors(T: number): { c2p: tf.Tensor2D; p2c: tf.Tensor2D } {
    const { attSpan, maxRelativePositions } = this.sizes;
    const rows = 2 * T - 1;
    const clamp = (x: number) => Math.min(Math.max(x, 0), 2 * attSpan - 1);
    const bucket = (r: number) => debertaBucket(r, this.cfg.position_buckets, maxRelativePositions);
    const c2p = new Float32Array(rows * 2 * attSpan);
    const p2c = new Float32Array(rows * 2 * attSpan);
    for (let n = 0; n < rows; n++) {
      c2p[n * 2 * attSpan + clamp(bucket(T - 1 - n) + attSpan)] = 1;
      const qk = n - T + 1; // q - k
      p2c[n * 2 * attSpan + clamp(-bucket(-qk) + attSpan)] = 1;
    }
    return { c2p: tf.tensor2d(c2p, [rows, 2 * attSpan]), p2c: tf.tensor2d(p2c, [rows, 2 * attSpan]) };
  }

  forward(rawInput: ModelInput, opts: ForwardOptions = {}): ForwardOutput {
    const training = opts.training ?? false;
    const c = this.cfg;
    const p = this.prefix;
    const input = this.prepareInput(rawInput, training);
    const B = input.inputIds.length;
    const T = input.inputIds[0].length;
    const mask2d = tf.tensor2d(input.attentionMask, [B, T], 'float32');
    const ctx = this.hookContext(input, mask2d, training);

    const ids = tf.tensor2d(input.inputIds, [B, T], 'int32');
    // word-embedding hook = HF's inputs_embeds (prompt tuning), before positions / token types / embed_proj
    let e: tf.Tensor = this.hooks.applyWordEmbeddings(tf.gather(this.v(`${p}.embeddings.word_embeddings.weight`), ids), ctx);
    if (c.position_biased_input) {
      // prefixes that occupy positions shift real tokens, as for BERT (HF's DeBERTa itself has no past_key_values)
      const past = this.hooks.prefixPositions();
      const positions = input.positionIds ?? input.inputIds.map((row) => row.map((_, t) => past + t));
      const maxPos = Math.max(...positions.flat());
      if (maxPos >= c.max_position_embeddings) throw new Error(`input of ${T} tokens needs position ${maxPos}, beyond max_position_embeddings ${c.max_position_embeddings}`);
      e = tf.add(e, tf.gather(this.v(`${p}.embeddings.position_embeddings.weight`), tf.tensor2d(positions, [B, T], 'int32')));
    }
    if (c.type_vocab_size > 0) {
      const types = tf.tensor2d(input.tokenTypeIds ?? input.inputIds.map((r) => r.map(() => 0)), [B, T], 'int32');
      e = tf.add(e, tf.gather(this.v(`${p}.embeddings.token_type_embeddings.weight`), types));
    }
    if (this.sizes.embeddingSize !== c.hidden_size) e = this.linear(`${p}.embeddings.embed_proj`, e, { role: 'embed_proj', layer: -1 }, training);
    let h = this.layerNorm(`${p}.embeddings.LayerNorm`, e, c.layer_norm_eps);
    h = tf.mul(h, mask2d.reshape([B, T, 1])); // HF multiplies the embedding output by the attention mask
    h = this.dropout(h, c.hidden_dropout_prob, training);
    h = this.hooks.apply('embeddings.output', h, ctx);
    const hiddenStates = opts.outputHiddenStates ? [h] : undefined;

    const selectors = c.relative_attention && this.posAtt.length > 0 ? this.relativeSelectors(T) : undefined;
    const pairMask = tf.mul(mask2d.reshape([B, 1, T, 1]), mask2d.reshape([B, 1, 1, T])); // [B, 1, T, T]
    const context = selectors ? [pairMask, mask2d, selectors.c2p, selectors.p2c] : [pairMask, mask2d];
    for (let i = 0; i < c.num_hidden_layers; i++) {
      h = this.runLayer(i, h, training, context, (z, [pm, m2, c2p, p2c]) =>
        this.layer(i, z, pm, c2p ? { c2p: c2p as tf.Tensor2D, p2c: p2c as tf.Tensor2D } : undefined, { ...ctx, attentionMask: m2 as tf.Tensor2D, layer: i }),
      );
      hiddenStates?.push(h);
    }
    const out: ForwardOutput = { lastHiddenState: h, hiddenStates, input };
    this.head(h, out, training);
    return out;
  }

  /**
   * R = LayerNorm_enc(rel_embeddings) (HF computes it once per forward; the same op per layer gives the same
   * values, and keeps the variables inside the layer so gradient checkpointing recomputes and differentiates it).
   */
  private relativeEmbeddings(): tf.Tensor {
    const p = this.prefix;
    const rel = this.v(`${p}.encoder.rel_embeddings.weight`);
    return this.cfg.norm_rel_ebd.includes('layer_norm') ? this.layerNorm(`${p}.encoder.LayerNorm`, rel, this.cfg.layer_norm_eps) : rel;
  }

  private layer(i: number, x: tf.Tensor, pairMask: tf.Tensor, selectors: { c2p: tf.Tensor2D; p2c: tf.Tensor2D } | undefined, ctx: HookContext): tf.Tensor {
    const c = this.cfg;
    const rel = selectors ? this.relativeEmbeddings() : undefined;
    const l = `${this.prefix}.encoder.layer.${i}`;
    const training = ctx.training;
    const lin = (name: string, role: string, z: tf.Tensor) => this.linear(`${l}.${name}`, z, { role, layer: i }, training);
    const q = this.hooks.apply('attention.query', lin('attention.self.query_proj', 'query', x), ctx);
    const k = this.hooks.apply('attention.key', lin('attention.self.key_proj', 'key', x), ctx);
    const v = this.hooks.apply('attention.value', lin('attention.self.value_proj', 'value', x), ctx);
    const context = this.disentangledAttention(i, q, k, v, pairMask, rel, selectors, ctx);
    let a = this.hooks.apply('attention.output', lin('attention.output.dense', 'attention.output.dense', context), ctx);
    a = this.dropout(a, c.hidden_dropout_prob, training);
    let h = this.layerNorm(`${l}.attention.output.LayerNorm`, tf.add(a, x), c.layer_norm_eps);
    h = this.hooks.apply('attention.residual', h, ctx);
    let f = this.activation(c.hidden_act, lin('intermediate.dense', 'intermediate.dense', h));
    f = this.hooks.apply('ffn.intermediate', f, ctx);
    f = this.hooks.apply('ffn.output', lin('output.dense', 'output.dense', f), ctx);
    f = this.dropout(f, c.hidden_dropout_prob, training);
    const out = this.layerNorm(`${l}.output.LayerNorm`, tf.add(f, h), c.layer_norm_eps);
    return this.hooks.apply('layer.output', out, ctx);
  }

  /** q, k, v: [B, T, A] → context [B, T, A] before the output projection. */
  private disentangledAttention(
    i: number,
    q: tf.Tensor,
    k: tf.Tensor,
    v: tf.Tensor,
    pairMask: tf.Tensor,
    rel: tf.Tensor | undefined,
    selectors: { c2p: tf.Tensor2D; p2c: tf.Tensor2D } | undefined,
    ctx: HookContext,
  ): tf.Tensor {
    const c = this.cfg;
    const H = c.num_attention_heads;
    const dh = this.sizes.headSize;
    const A = this.sizes.allHeadSize;
    const [B, T] = q.shape as number[];
    const l = `${this.prefix}.encoder.layer.${i}`;
    const training = ctx.training;
    const heads = (x: tf.Tensor, len: number) => x.reshape([B, len, H, dh]).transpose([0, 2, 1, 3]); // [B, H, len, dh]
    const qh = heads(q, T);
    let kh = heads(k, T);
    let vh = heads(v, T);
    // HF: scale = sqrt(float32(d) · (1 + |pos_att_type|)) in float32, dividing each term.
    const scale = Math.fround(Math.sqrt(Math.fround(dh * (1 + this.posAtt.length))));
    let scores = tf.div(matMulFast(qh, kh, false, true), scale); // [B, H, T, T]

    if (rel && selectors) {
      const r = this.dropout(rel, c.hidden_dropout_prob, training); // HF's pos_dropout, per layer
      // [rows, A] → [H, rows, dh]
      const posHeads = (z: tf.Tensor) => z.reshape([2 * T - 1, H, dh]).transpose([1, 0, 2]);
      // content [B, H, T, dh] against positions [H, 2T-1, dh] → [B, H, T, 2T-1]
      const against = (content: tf.Tensor, pos: tf.Tensor) => {
        const flat = content.transpose([1, 0, 2, 3]).reshape([H, B * T, dh]);
        return matMulFast(flat, pos, false, true).reshape([H, B, T, 2 * T - 1]).transpose([1, 0, 2, 3]);
      };
      const shared = c.share_att_key;
      const posLin = (name: string, role: string, z: tf.Tensor) => this.linear(`${l}.attention.self.${name}`, z, { role, layer: i }, training);
      if (this.posAtt.includes('c2p')) {
        const rows = matMulFast(selectors.c2p, r) as tf.Tensor2D; // R rows by offset
        const kr = posHeads(shared ? posLin('key_proj', 'key', rows) : posLin('pos_key_proj', 'pos_key', rows));
        scores = tf.add(scores, tf.div(skew(against(qh, kr), T), scale));
      }
      if (this.posAtt.includes('p2c')) {
        const rows = matMulFast(selectors.p2c, r) as tf.Tensor2D;
        const qr = posHeads(shared ? posLin('query_proj', 'query', rows) : posLin('pos_query_proj', 'pos_query', rows));
        const byKey = skew(against(kh, qr), T); // [B, H, k, q]
        scores = tf.add(scores, tf.div(byKey.transpose([0, 1, 3, 2]), scale));
      }
    }

    let mask = pairMask; // [B, 1, T, S]
    const prefixes = this.hooks.prefixes({ ...ctx, numKvHeads: H, headDim: dh });
    if (prefixes.length > 0) {
      // Prefix keys/values: no relative position, visible from every real query position.
      const pk = prefixes.map((pr) => pr.key);
      const pv = prefixes.map((pr) => pr.value);
      const P = pk.reduce((s, t) => s + (t.shape as number[])[2], 0);
      const prefixScores = tf.div(matMulFast(qh, tf.concat(pk.map((t) => tf.broadcastTo(t, [B, H, (t.shape as number[])[2], dh])), 2), false, true), scale);
      scores = tf.concat([prefixScores, scores], 3);
      kh = tf.concat([...pk.map((t) => tf.broadcastTo(t, [B, H, (t.shape as number[])[2], dh])), kh], 2);
      vh = tf.concat([...pv.map((t) => tf.broadcastTo(t, [B, H, (t.shape as number[])[2], dh])), vh], 2);
      const mq = ctx.attentionMask.reshape([B, 1, T, 1]);
      mask = tf.concat([tf.broadcastTo(mq, [B, 1, T, P]), pairMask], 3);
    }
    const S = (kh.shape as number[])[2];
    scores = tf.add(scores, tf.mul(tf.sub(1, mask), NEG_INF));
    for (const bias of this.hooks.biases({ ...ctx, keyLength: S, numHeads: H })) scores = tf.add(scores, bias);
    // XSoftmax: masked probabilities are 0 after the softmax, so a fully masked (pad) query row is all 0.
    let probs = tf.mul(tf.softmax(scores, -1), mask);
    probs = this.dropout(probs, c.attention_probs_dropout_prob, training);
    return matMulFast(probs, vh).transpose([0, 2, 1, 3]).reshape([B, T, A]);
  }

  private head(h: tf.Tensor, out: ForwardOutput, training: boolean): void {
    const c = this.cfg;
    const D = c.hidden_size;
    const B = h.shape[0];
    const lin = (name: string, z: tf.Tensor) => this.linear(name, z, { role: name, layer: -1 }, training);
    if (this.task === 'sequence-classification') {
      // ContextPooler: gelu(dense(dropout(h[:, 0]))), then classifier(dropout(pooled)) with cls_dropout.
      const first = tf.slice(h, [0, 0, 0], [B, 1, D]).reshape([B, D]);
      const z = lin('pooler.dense', this.dropout(first, c.pooler_dropout, training));
      out.poolerOutput = c.pooler_hidden_act === 'tanh' ? tf.tanh(z) : this.activation(c.pooler_hidden_act, z);
      out.logits = lin('classifier', this.dropout(out.poolerOutput, c.cls_dropout ?? c.hidden_dropout_prob, training));
    } else if (this.task === 'token-classification') {
      out.logits = lin('classifier', this.dropout(h, c.hidden_dropout_prob, training));
    }
  }
}
