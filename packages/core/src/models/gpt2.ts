/**
 * GPT-2 (pre-LN decoder, learned positions, Conv1D weights stored [in, out] as HF saves them, lm_head
 * tied to wte), with HF parameter names (`transformer.h.0.attn.c_attn.weight`, ...).
 *
 * One block (hook points in brackets):
 *   x ─ ln_1 ─ c_attn ─ split q|k|v ─[attention.query/key/value]─ causal attention (+[bias], [prefix], cache)
 *     ─ attn.c_proj ─[attention.output]─ dropout ─ +x ─[attention.residual]─ ln_2 ─ mlp.c_fc ─ gelu_new
 *     ─[ffn.intermediate]─ mlp.c_proj ─[ffn.output]─ dropout ─ + ─[layer.output]
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@peftbench/util';
import type { HookContext, LinearInfo } from '../hooks.ts';
import type { TaskKind } from './base.ts';
import { DecoderModel, type DecoderRun } from './decoder-base.ts';
import type { Gpt2Config } from './decoder-config.ts';

export class Gpt2Model extends DecoderModel {
  readonly architecture = 'GPT-2';
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly vocabSize: number;
  readonly maxPositions: number;
  readonly maxPositionsField = 'n_positions';
  readonly tiedEmbeddings = true;
  protected readonly foreignHeadPrefixes = ['lm_head.', 'score.', 'multiple_choice_head.'];
  protected readonly bufferPattern = /\.attn\.(masked_)?bias$/;
  protected readonly embeddingName = 'transformer.wte.weight';
  readonly cfg: Gpt2Config;
  private readonly innerSize: number;

  constructor(config: Gpt2Config, task: TaskKind, opts: { seed?: number } = {}) {
    super(config, task, opts.seed ?? 0);
    this.cfg = config;
    this.hiddenSize = config.n_embd;
    this.numLayers = config.n_layer;
    this.numHeads = config.n_head;
    this.numKvHeads = config.n_head;
    this.vocabSize = config.vocab_size;
    this.maxPositions = config.n_positions;
    this.innerSize = config.n_inner ?? 4 * config.n_embd;
    if (config.tie_word_embeddings === false) {
      // HF GPT2LMHeadModel always ties lm_head to wte; an untied GPT-2 head is not something it can load.
      throw new InputError('config.json [tie_word_embeddings]: an untied GPT-2 lm_head is not supported (HF GPT2LMHeadModel always ties it to wte)');
    }
    this.build();
  }

  private build(): void {
    const c = this.cfg;
    const D = c.n_embd;
    const std = c.initializer_range;
    const conv = { std, hfLayout: 'in-out' as const };
    this.param('transformer.wte.weight', [c.vocab_size, D], 'normal', { std });
    this.param('transformer.wpe.weight', [c.n_positions, D], 'normal', { std: 0.01 });
    for (let i = 0; i < c.n_layer; i++) {
      const l = `transformer.h.${i}`;
      this.layerNormParams(`${l}.ln_1`, D);
      this.linearParams(`${l}.attn.c_attn`, D, 3 * D, conv);
      this.linearParams(`${l}.attn.c_proj`, D, D, { ...conv, std: std / Math.sqrt(2 * c.n_layer) });
      this.layerNormParams(`${l}.ln_2`, D);
      this.linearParams(`${l}.mlp.c_fc`, D, this.innerSize, conv);
      this.linearParams(`${l}.mlp.c_proj`, this.innerSize, D, { ...conv, std: std / Math.sqrt(2 * c.n_layer) });
    }
    this.layerNormParams('transformer.ln_f', D);
  }

  linearLayers(): LinearInfo[] {
    const D = this.hiddenSize;
    const F = this.innerSize;
    const out: LinearInfo[] = [];
    for (let i = 0; i < this.numLayers; i++) {
      const l = `transformer.h.${i}`;
      out.push({ name: `${l}.attn.c_attn`, role: 'c_attn', layer: i, inFeatures: D, outFeatures: 3 * D });
      out.push({ name: `${l}.attn.c_proj`, role: 'attn.c_proj', layer: i, inFeatures: D, outFeatures: D });
      out.push({ name: `${l}.mlp.c_fc`, role: 'mlp.c_fc', layer: i, inFeatures: D, outFeatures: F });
      out.push({ name: `${l}.mlp.c_proj`, role: 'mlp.c_proj', layer: i, inFeatures: F, outFeatures: D });
    }
    return out;
  }

  protected resolveCheckpointName(name: string): string {
    // A bare GPT2Model saves without the `transformer.` prefix.
    return /^(wte|wpe|h|ln_f)\./.test(name) ? `transformer.${name}` : name;
  }

  protected embed(ids: tf.Tensor2D, positions: number[][], training: boolean, ctx: HookContext): tf.Tensor {
    const [B, T] = ids.shape;
    const pos = tf.tensor2d(positions, [B, T], 'int32');
    const h = tf.add(this.hooks.applyWordEmbeddings(tf.gather(this.v('transformer.wte.weight'), ids), ctx), tf.gather(this.v('transformer.wpe.weight'), pos));
    return this.dropout(h, this.cfg.embd_pdrop, training);
  }

  protected block(i: number, x: tf.Tensor, run: DecoderRun): tf.Tensor {
    const c = this.cfg;
    const D = c.n_embd;
    const l = `transformer.h.${i}`;
    const ctx = run.ctx;
    const training = ctx.training;
    const lin = (name: string, role: string, z: tf.Tensor) => this.linear(`${l}.${name}`, z, { role, layer: i }, training);
    const qkv = lin('attn.c_attn', 'c_attn', this.layerNorm(`${l}.ln_1`, x, c.layer_norm_epsilon));
    const [q0, k0, v0] = tf.split(qkv, [D, D, D], 2);
    const q = this.hooks.apply('attention.query', q0, ctx);
    const k = this.hooks.apply('attention.key', k0, ctx);
    const v = this.hooks.apply('attention.value', v0, ctx);
    // HF GPT2Attention: scores / √dh (scale_attn_weights), and / (layer + 1) when scale_attn_by_inverse_layer_idx.
    let scale = c.scale_attn_weights ? 1 / Math.sqrt(this.headDim) : 1;
    if (c.scale_attn_by_inverse_layer_idx) scale /= i + 1;
    const context = this.selfAttention(i, q, k, v, run, { scale, dropoutRate: c.attn_pdrop });
    let a = this.hooks.apply('attention.output', lin('attn.c_proj', 'attn.c_proj', context), ctx);
    a = this.dropout(a, c.resid_pdrop, training);
    const h = this.hooks.apply('attention.residual', tf.add(x, a), ctx);
    let f = this.activation(c.activation_function, lin('mlp.c_fc', 'mlp.c_fc', this.layerNorm(`${l}.ln_2`, h, c.layer_norm_epsilon)));
    f = this.hooks.apply('ffn.intermediate', f, ctx);
    f = this.hooks.apply('ffn.output', lin('mlp.c_proj', 'mlp.c_proj', f), ctx);
    f = this.dropout(f, c.resid_pdrop, training);
    return this.hooks.apply('layer.output', tf.add(h, f), ctx);
  }

  protected finalNorm(h: tf.Tensor): tf.Tensor {
    return this.layerNorm('transformer.ln_f', h, this.cfg.layer_norm_epsilon);
  }

  protected lmHead(h: tf.Tensor2D): tf.Tensor {
    return this.tiedLogits(h); // lm_head is wte
  }
}
