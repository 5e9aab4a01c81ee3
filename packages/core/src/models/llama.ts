/**
 * Llama (pre-norm decoder with RMSNorm, rotary embeddings in HF's rotate-half layout, SwiGLU MLP,
 * grouped-query attention, optional tied embeddings), with HF parameter names
 * (`model.layers.0.self_attn.q_proj.weight`, ...).
 *
 * One block (hook points in brackets):
 *   x ─ input_layernorm ─ q/k/v_proj ─[attention.query/key/value]─ RoPE(q, k) ─ causal GQA attention
 *     (+[bias], [prefix], cache) ─ o_proj ─[attention.output]─ +x ─[attention.residual]─ post_attention_layernorm
 *     ─ silu(gate_proj) · up_proj ─[ffn.intermediate]─ down_proj ─[ffn.output]─ + ─[layer.output]
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HookContext, LinearInfo } from '../hooks.ts';
import type { TaskKind } from './base.ts';
import { DecoderModel, type DecoderRun } from './decoder-base.ts';
import type { LlamaConfig } from './decoder-config.ts';
import { ropeTables } from './decoder-rope.ts';

export class LlamaModel extends DecoderModel {
  readonly architecture = 'Llama';
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly vocabSize: number;
  readonly maxPositions: number;
  readonly maxPositionsField = 'max_position_embeddings';
  readonly tiedEmbeddings: boolean;
  protected readonly foreignHeadPrefixes: string[];
  protected readonly bufferPattern = /\.rotary_emb\.(inv_freq|cos_cached|sin_cached)$/;
  protected readonly embeddingName = 'model.embed_tokens.weight';
  readonly cfg: LlamaConfig;

  constructor(config: LlamaConfig, task: TaskKind, opts: { seed?: number } = {}) {
    super(config, task, opts.seed ?? 0);
    this.cfg = config;
    this.hiddenSize = config.hidden_size;
    this.numLayers = config.num_hidden_layers;
    this.numHeads = config.num_attention_heads;
    this.numKvHeads = config.num_key_value_heads ?? config.num_attention_heads;
    this.vocabSize = config.vocab_size;
    this.maxPositions = config.max_position_embeddings;
    this.tiedEmbeddings = config.tie_word_embeddings;
    this.foreignHeadPrefixes = task === 'bare' ? ['lm_head.', 'score.'] : ['score.'];
    this.build();
  }

  private build(): void {
    const c = this.cfg;
    const D = c.hidden_size;
    const dkv = this.numKvHeads * this.headDim;
    const lin = { std: c.initializer_range, bias: c.attention_bias };
    this.param('model.embed_tokens.weight', [c.vocab_size, D], 'normal', { std: c.initializer_range });
    for (let i = 0; i < c.num_hidden_layers; i++) {
      const l = `model.layers.${i}`;
      this.layerNormParams(`${l}.input_layernorm`, D, { bias: false });
      this.linearParams(`${l}.self_attn.q_proj`, D, D, lin);
      this.linearParams(`${l}.self_attn.k_proj`, D, dkv, lin);
      this.linearParams(`${l}.self_attn.v_proj`, D, dkv, lin);
      this.linearParams(`${l}.self_attn.o_proj`, D, D, lin);
      this.layerNormParams(`${l}.post_attention_layernorm`, D, { bias: false });
      this.linearParams(`${l}.mlp.gate_proj`, D, c.intermediate_size, { ...lin, bias: false });
      this.linearParams(`${l}.mlp.up_proj`, D, c.intermediate_size, { ...lin, bias: false });
      this.linearParams(`${l}.mlp.down_proj`, c.intermediate_size, D, { ...lin, bias: false });
    }
    this.layerNormParams('model.norm', D, { bias: false });
    if (this.task === 'causal-lm' && !c.tie_word_embeddings) this.linearParams('lm_head', D, c.vocab_size, { std: c.initializer_range, bias: false });
  }

  linearLayers(): LinearInfo[] {
    const D = this.hiddenSize;
    const dkv = this.numKvHeads * this.headDim;
    const F = this.cfg.intermediate_size;
    const out: LinearInfo[] = [];
    for (let i = 0; i < this.numLayers; i++) {
      const l = `model.layers.${i}`;
      const add = (sub: string, role: string, inF: number, outF: number) => out.push({ name: `${l}.${sub}`, role, layer: i, inFeatures: inF, outFeatures: outF });
      add('self_attn.q_proj', 'q_proj', D, D);
      add('self_attn.k_proj', 'k_proj', D, dkv);
      add('self_attn.v_proj', 'v_proj', D, dkv);
      add('self_attn.o_proj', 'o_proj', D, D);
      add('mlp.gate_proj', 'gate_proj', D, F);
      add('mlp.up_proj', 'up_proj', D, F);
      add('mlp.down_proj', 'down_proj', F, D);
    }
    return out;
  }

  protected resolveCheckpointName(name: string): string {
    // A bare LlamaModel saves without the `model.` prefix.
    return /^(embed_tokens|layers|norm)\./.test(name) ? `model.${name}` : name;
  }

  protected rotary(positions: number[][]): { cos: tf.Tensor; sin: tf.Tensor } {
    return ropeTables(positions, this.headDim, this.cfg.rope_theta);
  }

  protected embed(ids: tf.Tensor2D, _positions: number[][], _training: boolean, ctx: HookContext): tf.Tensor {
    return this.hooks.applyWordEmbeddings(tf.gather(this.v('model.embed_tokens.weight'), ids), ctx);
  }

  protected block(i: number, x: tf.Tensor, run: DecoderRun): tf.Tensor {
    const c = this.cfg;
    const l = `model.layers.${i}`;
    const ctx = run.ctx;
    const training = ctx.training;
    const lin = (name: string, role: string, z: tf.Tensor) => this.linear(`${l}.${name}`, z, { role, layer: i }, training);
    const n = this.rmsNorm(`${l}.input_layernorm`, x, c.rms_norm_eps);
    const q = this.hooks.apply('attention.query', lin('self_attn.q_proj', 'q_proj', n), ctx);
    const k = this.hooks.apply('attention.key', lin('self_attn.k_proj', 'k_proj', n), ctx);
    const v = this.hooks.apply('attention.value', lin('self_attn.v_proj', 'v_proj', n), ctx);
    const context = this.selfAttention(i, q, k, v, run, { scale: 1 / Math.sqrt(this.headDim), dropoutRate: c.attention_dropout });
    const a = this.hooks.apply('attention.output', lin('self_attn.o_proj', 'o_proj', context), ctx);
    const h = this.hooks.apply('attention.residual', tf.add(x, a), ctx);
    const m = this.rmsNorm(`${l}.post_attention_layernorm`, h, c.rms_norm_eps);
    // SwiGLU (Shazeer 2020, eq. 6): act(x W_gate) ⊙ (x W_up), then W_down.
    let g = tf.mul(this.activation(c.hidden_act, lin('mlp.gate_proj', 'gate_proj', m)), lin('mlp.up_proj', 'up_proj', m));
    g = this.hooks.apply('ffn.intermediate', g, ctx);
    const f = this.hooks.apply('ffn.output', lin('mlp.down_proj', 'down_proj', g), ctx);
    return this.hooks.apply('layer.output', tf.add(h, f), ctx);
  }

  protected finalNorm(h: tf.Tensor): tf.Tensor {
    return this.rmsNorm('model.norm', h, this.cfg.rms_norm_eps);
  }

  protected lmHead(h: tf.Tensor2D, training: boolean): tf.Tensor {
    if (this.tiedEmbeddings) return this.tiedLogits(h);
    return this.linear('lm_head', h, { role: 'lm_head', layer: -1 }, training);
  }
}
