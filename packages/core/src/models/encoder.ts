/**
 * BERT and RoBERTa encoders (post-LN), with HF parameter names, and their heads:
 * sequence classification / regression, token classification, masked LM, or none (bare).
 *
 * One layer (hook points in brackets):
 *   x ─ query/key/value ─[attention.query/key/value]─ attention (+[attention bias], [prefix]) ─ output.dense
 *     ─[attention.output]─ dropout ─ +x ─ LayerNorm ─[attention.residual]─ intermediate.dense ─ GELU
 *     ─[ffn.intermediate]─ output.dense ─[ffn.output]─ dropout ─ + ─ LayerNorm ─[layer.output]
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LinearInfo, ModelInput } from '../hooks.ts';
import { PreTrainedModel, keyPaddingMask, type ForwardOptions, type ForwardOutput, type TaskKind } from './base.ts';
import { numLabelsOf, type EncoderConfig } from './config.ts';

export class EncoderModel extends PreTrainedModel {
  readonly architecture: string;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly causal = false;
  readonly numLabels: number;
  /** `bert` or `roberta`: the HF name prefix of the backbone. */
  readonly prefix: string;
  protected readonly foreignHeadPrefixes: string[];
  private readonly cfg: EncoderConfig;
  private readonly hasPooler: boolean;

  constructor(config: EncoderConfig, task: TaskKind, opts: { seed?: number; numLabels?: number; addPooler?: boolean } = {}) {
    super(config, task, opts.seed ?? 0);
    this.cfg = config;
    this.prefix = config.model_type;
    this.architecture = config.model_type === 'bert' ? 'BERT' : 'RoBERTa';
    this.hiddenSize = config.hidden_size;
    this.numLayers = config.num_hidden_layers;
    this.numLabels = opts.numLabels ?? numLabelsOf(config);
    // HF: BertForSequenceClassification uses the pooler; token classification and all RoBERTa heads do not.
    this.hasPooler = opts.addPooler ?? (config.model_type === 'bert' && (task === 'sequence-classification' || task === 'bare'));
    const bertHeads = ['cls.', 'classifier.', 'qa_outputs.'];
    const robertaHeads = ['lm_head.', 'classifier.', 'qa_outputs.'];
    this.foreignHeadPrefixes = [...(config.model_type === 'bert' ? bertHeads : robertaHeads), `${this.prefix}.pooler.`, 'pooler.'];
    if (task === 'masked-lm') this.foreignHeadPrefixes = ['lm_head.decoder.', 'cls.predictions.decoder.', ...this.foreignHeadPrefixes];
    this.build();
  }

  private build(): void {
    const c = this.cfg;
    const D = c.hidden_size;
    const p = this.prefix;
    const std = c.initializer_range as number | undefined;
    this.param(`${p}.embeddings.word_embeddings.weight`, [c.vocab_size, D], 'normal', { std });
    this.param(`${p}.embeddings.position_embeddings.weight`, [c.max_position_embeddings, D], 'normal', { std });
    this.param(`${p}.embeddings.token_type_embeddings.weight`, [c.type_vocab_size, D], 'normal', { std });
    this.layerNormParams(`${p}.embeddings.LayerNorm`, D);
    for (let i = 0; i < c.num_hidden_layers; i++) {
      const l = `${p}.encoder.layer.${i}`;
      for (const m of ['query', 'key', 'value']) this.linearParams(`${l}.attention.self.${m}`, D, D, { std });
      this.linearParams(`${l}.attention.output.dense`, D, D, { std });
      this.layerNormParams(`${l}.attention.output.LayerNorm`, D);
      this.linearParams(`${l}.intermediate.dense`, D, c.intermediate_size, { std });
      this.linearParams(`${l}.output.dense`, c.intermediate_size, D, { std });
      this.layerNormParams(`${l}.output.LayerNorm`, D);
    }
    if (this.hasPooler) this.linearParams(`${p}.pooler.dense`, D, D, { std, head: this.task !== 'bare' });
    const head = { head: true, std };
    if (this.task === 'sequence-classification') {
      if (c.model_type === 'roberta') {
        this.linearParams('classifier.dense', D, D, head);
        this.linearParams('classifier.out_proj', D, this.numLabels, head);
      } else {
        this.linearParams('classifier', D, this.numLabels, head);
      }
    } else if (this.task === 'token-classification') {
      this.linearParams('classifier', D, this.numLabels, head);
    } else if (this.task === 'masked-lm') {
      const h = c.model_type === 'roberta' ? 'lm_head' : 'cls.predictions.transform';
      this.linearParams(`${h}.dense`, D, D, head);
      this.layerNormParams(c.model_type === 'roberta' ? 'lm_head.layer_norm' : 'cls.predictions.transform.LayerNorm', D, head);
      this.param(c.model_type === 'roberta' ? 'lm_head.bias' : 'cls.predictions.bias', [c.vocab_size], 'zeros', head);
    } else if (this.task === 'causal-lm') {
      throw new Error(`${this.architecture} is an encoder: task 'causal-lm' is not available`);
    }
  }

  linearLayers(): LinearInfo[] {
    const c = this.cfg;
    const D = c.hidden_size;
    const out: LinearInfo[] = [];
    for (let i = 0; i < c.num_hidden_layers; i++) {
      const l = `${this.prefix}.encoder.layer.${i}`;
      for (const m of ['query', 'key', 'value']) out.push({ name: `${l}.attention.self.${m}`, role: m, layer: i, inFeatures: D, outFeatures: D });
      out.push({ name: `${l}.attention.output.dense`, role: 'attention.output.dense', layer: i, inFeatures: D, outFeatures: D });
      out.push({ name: `${l}.intermediate.dense`, role: 'intermediate.dense', layer: i, inFeatures: D, outFeatures: c.intermediate_size });
      out.push({ name: `${l}.output.dense`, role: 'output.dense', layer: i, inFeatures: c.intermediate_size, outFeatures: D });
    }
    return out;
  }

  protected resolveCheckpointName(name: string): string {
    // A bare BertModel / RobertaModel saves without the `bert.` / `roberta.` prefix.
    if (/^(embeddings|encoder|pooler)\./.test(name)) return `${this.prefix}.${name}`;
    return name;
  }

  /**
   * HF position ids: BERT 0..T-1; RoBERTa padding_idx + cumsum(ids != pad) for real tokens, pad_idx on pads.
   * Prefixes that occupy positions (prefix tuning) shift real tokens by their length, as HF's past_key_values_length.
   */
  private positionIds(input: ModelInput): number[][] {
    if (input.positionIds) return input.positionIds;
    const past = this.hooks.prefixPositions();
    if (this.cfg.model_type === 'bert') return input.inputIds.map((row) => row.map((_, t) => past + t));
    const pad = this.cfg.pad_token_id;
    return input.inputIds.map((row) => {
      let count = past;
      return row.map((id) => (id !== pad ? pad + ++count : pad));
    });
  }

  forward(rawInput: ModelInput, opts: ForwardOptions = {}): ForwardOutput {
    const training = opts.training ?? false;
    const c = this.cfg;
    const p = this.prefix;
    const input = this.prepareInput(rawInput, training);
    const B = input.inputIds.length;
    const T = input.inputIds[0].length;
    const positions = this.positionIds(input);
    const maxPos = Math.max(...positions.flat());
    if (maxPos >= c.max_position_embeddings) {
      throw new Error(`input of ${T} tokens needs position ${maxPos}, beyond max_position_embeddings ${c.max_position_embeddings}`);
    }
    const mask2d = tf.tensor2d(input.attentionMask, [B, T], 'float32');
    const ctx = this.hookContext(input, mask2d, training);

    const ids = tf.tensor2d(input.inputIds, [B, T], 'int32');
    const types = tf.tensor2d(input.tokenTypeIds ?? input.inputIds.map((r) => r.map(() => 0)), [B, T], 'int32');
    const pos = tf.tensor2d(positions, [B, T], 'int32');
    let h = tf.add(
      tf.add(this.hooks.applyWordEmbeddings(tf.gather(this.v(`${p}.embeddings.word_embeddings.weight`), ids), ctx), tf.gather(this.v(`${p}.embeddings.token_type_embeddings.weight`), types)),
      tf.gather(this.v(`${p}.embeddings.position_embeddings.weight`), pos),
    );
    h = this.layerNorm(`${p}.embeddings.LayerNorm`, h, c.layer_norm_eps);
    h = this.dropout(h, c.hidden_dropout_prob, training);
    h = this.hooks.apply('embeddings.output', h, ctx);
    const hiddenStates = opts.outputHiddenStates ? [h] : undefined;

    const mask = keyPaddingMask(mask2d);
    for (let i = 0; i < c.num_hidden_layers; i++) {
      h = this.runLayer(i, h, training, [mask, ctx.attentionMask], (z, [m, m2]) => this.layer(i, z, m, { ...ctx, attentionMask: m2 as tf.Tensor2D, layer: i }));
      hiddenStates?.push(h);
    }
    const out: ForwardOutput = { lastHiddenState: h, hiddenStates, input };
    this.head(h, out, training, opts.logitPositions);
    return out;
  }

  private layer(i: number, x: tf.Tensor, mask: tf.Tensor, ctx: ReturnType<PreTrainedModel['hookContext']>): tf.Tensor {
    const c = this.cfg;
    const l = `${this.prefix}.encoder.layer.${i}`;
    const training = ctx.training;
    const lin = (name: string, role: string, z: tf.Tensor) => this.linear(`${l}.${name}`, z, { role, layer: i }, training);
    const q = this.hooks.apply('attention.query', lin('attention.self.query', 'query', x), ctx);
    const k = this.hooks.apply('attention.key', lin('attention.self.key', 'key', x), ctx);
    const v = this.hooks.apply('attention.value', lin('attention.self.value', 'value', x), ctx);
    const heads = c.num_attention_heads;
    const context = this.attend(q, k, v, mask, heads, heads, ctx, c.attention_probs_dropout_prob);
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

  private head(h: tf.Tensor, out: ForwardOutput, training: boolean, logitPositions?: number[]): void {
    const c = this.cfg;
    const p = this.prefix;
    const D = c.hidden_size;
    const B = h.shape[0];
    const headDropout = c.classifier_dropout ?? c.hidden_dropout_prob;
    const lin = (name: string, z: tf.Tensor) => this.linear(name, z, { role: name, layer: -1 }, training);
    const first = () => tf.slice(h, [0, 0, 0], [B, 1, D]).reshape([B, D]); // [CLS] / <s>
    if (this.hasPooler) out.poolerOutput = tf.tanh(lin(`${p}.pooler.dense`, first()));
    if (this.task === 'sequence-classification') {
      if (c.model_type === 'roberta') {
        const z = tf.tanh(lin('classifier.dense', this.dropout(first(), headDropout, training)));
        out.logits = lin('classifier.out_proj', this.dropout(z, headDropout, training));
      } else {
        out.logits = lin('classifier', this.dropout(out.poolerOutput!, headDropout, training));
      }
    } else if (this.task === 'token-classification') {
      out.logits = lin('classifier', this.dropout(h, headDropout, training));
    } else if (this.task === 'masked-lm') {
      const roberta = c.model_type === 'roberta';
      const T = (h.shape as number[])[1];
      const rows = logitPositions ? tf.gather(h.reshape([B * T, D]), tf.tensor1d(logitPositions, 'int32')) : h.reshape([B * T, D]);
      const z = this.activation(c.hidden_act, lin(roberta ? 'lm_head.dense' : 'cls.predictions.transform.dense', rows));
      const n = this.layerNorm(roberta ? 'lm_head.layer_norm' : 'cls.predictions.transform.LayerNorm', z, c.layer_norm_eps);
      // tied decoder: logits = n E^T + b
      const logits = tf.add(this.timesEmbeddingT(n as tf.Tensor2D, `${p}.embeddings.word_embeddings.weight`), this.v(roberta ? 'lm_head.bias' : 'cls.predictions.bias'));
      out.logits = logitPositions ? logits : logits.reshape([B, T, c.vocab_size]);
    }
  }
}
