/**
 * What GPT-2 and Llama share: the causal forward pass (positions from the attention mask, causal +
 * padding mask, optional KV cache, hidden states as HF reports them, LM head), and self-attention with
 * the hooks' prefix keys/values and attention biases. Subclasses supply embeddings, one block, the final
 * norm and the output projection.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@peftbench/util';
import { TokenKind, type HookContext, type ModelInput } from '../hooks.ts';
import { PreTrainedModel, type ForwardOptions, type ForwardOutput, type LoadReport, type TaskKind } from './base.ts';
import type { HfConfig } from './config.ts';
import { KvCache } from './decoder-cache.ts';
import { causalMask, groupedAttention, splitHeads } from './decoder-attention.ts';
import { applyRope } from './decoder-rope.ts';

export interface DecoderForwardOptions extends ForwardOptions {
  /** Incremental decoding: keys/values of earlier calls; this call appends its own. */
  cache?: KvCache;
  /** Logits for the last position only ([B, 1, V]): all generation needs, and the LM head is the costliest op. */
  lastLogitsOnly?: boolean;
}

/** Per-forward state a block needs. */
export interface DecoderRun {
  ctx: HookContext;
  /** Additive causal + padding mask [B, 1, T, S] (S = cached + new). */
  mask: tf.Tensor;
  positions: number[][];
  cache?: KvCache;
  /** RoPE tables [B, 1, T, dh] (Llama). */
  rope?: { cos: tf.Tensor; sin: tf.Tensor };
}

/**
 * Position ids from the attention mask: a real token's position is the number of real tokens before it
 * (HF generate's cumsum(mask) - 1, continued across cache calls through `startCounts`), so left-padded
 * rows start at 0. Pad positions get their absolute index (what HF uses when it derives none), which
 * makes right-padded pads match HF and is irrelevant for left pads (no real query sees them). `offset`: position
 * ids a prefix occupies before the first token (prefix tuning: HF's past_key_values length), added to every id.
 */
export function decoderPositionIds(mask: number[][], startCounts?: number[], past = 0, offset = 0): number[][] {
  return mask.map((row, b) => {
    let count = offset + (startCounts?.[b] ?? 0);
    return row.map((m, t) => (m ? count++ : offset + past + t));
  });
}

export abstract class DecoderModel extends PreTrainedModel {
  readonly causal = true;
  abstract readonly numHeads: number;
  abstract readonly numKvHeads: number;
  abstract readonly vocabSize: number;
  /** Largest position + 1 the model accepts, and the config field that sets it (for errors). */
  abstract readonly maxPositions: number;
  abstract readonly maxPositionsField: string;
  abstract readonly tiedEmbeddings: boolean;
  /** Checkpoint name of the output projection when it is not tied. */
  protected readonly lmHeadName = 'lm_head.weight';
  /** Non-persistent buffers some checkpoints still carry (GPT-2 attn.bias, Llama rotary inv_freq). */
  protected abstract readonly bufferPattern: RegExp;

  protected constructor(config: HfConfig, task: TaskKind, seed: number) {
    if (task !== 'causal-lm' && task !== 'bare') {
      throw new InputError(`config.json [model_type]: ${config.model_type} is a decoder; task '${task}' is not available (use 'causal-lm' or 'bare')`);
    }
    super(config, task, seed);
  }

  get headDim(): number {
    return this.hiddenSize / this.numHeads;
  }

  /**
   * Inference mode for a run of forwards with frozen weights (generation): a tied output projection is
   * transposed once here instead of on every call. `endInference` frees it; training must not run between.
   */
  beginInference(): void {
    if (this.tiedEmbeddings && !this.frozenHead) this.frozenHead = tf.keep(tf.transpose(this.v(this.embeddingName)));
  }

  endInference(): void {
    this.frozenHead?.dispose();
    this.frozenHead = undefined;
  }

  /** [V, D] input embedding (the tied output projection). */
  protected abstract readonly embeddingName: string;
  /** [D, V] transposed tied embedding while in inference mode. */
  protected frozenHead?: tf.Tensor;

  /** Logits through the tied embedding: h · Eᵀ (explicit transpose: wasm's fast matmul path). */
  protected tiedLogits(h: tf.Tensor2D): tf.Tensor {
    if (this.frozenHead) return tf.matMul(h, this.frozenHead as tf.Tensor2D);
    return this.timesEmbeddingT(h, this.embeddingName);
  }

  /** A fresh, empty cache for a batch of `batchSize` rows. */
  newCache(batchSize: number): KvCache {
    return new KvCache(this.numLayers, batchSize);
  }

  /** Token embeddings (through the hooks' word-embedding replacements, `ctx`) + position embeddings where the model has them. */
  protected abstract embed(ids: tf.Tensor2D, positions: number[][], training: boolean, ctx: HookContext): tf.Tensor;
  protected abstract block(i: number, h: tf.Tensor, run: DecoderRun): tf.Tensor;
  protected abstract finalNorm(h: tf.Tensor): tf.Tensor;
  /** [N, D] → [N, V] */
  protected abstract lmHead(h: tf.Tensor2D, training: boolean): tf.Tensor;
  /** RoPE tables for these positions, for models that rotate (Llama). */
  protected rotary(_positions: number[][]): { cos: tf.Tensor; sin: tf.Tensor } | undefined {
    return undefined;
  }

  forward(rawInput: ModelInput, opts: DecoderForwardOptions = {}): ForwardOutput {
    const training = opts.training ?? false;
    const cache = opts.cache;
    // Token insertion runs on the prompt; cached decoding steps only append the new tokens.
    const input = cache && cache.length > 0 && this.hooks.hasInputTransforms ? this.plainInput(rawInput) : this.prepareInput(rawInput, training);
    const B = input.inputIds.length;
    const T = input.inputIds[0].length;
    if (cache && cache.batchSize !== B) throw new Error(`KV cache holds ${cache.batchSize} rows, input has ${B}`);
    const past = cache?.length ?? 0;
    const positions = input.positionIds ?? decoderPositionIds(input.attentionMask, cache?.realCount, past, this.hooks.prefixPositions());
    this.checkPositions(positions, input.inputIds);

    const mask2d = tf.tensor2d(input.attentionMask, [B, T], 'float32');
    const ctx = this.hookContext(input, mask2d, training, past);
    const keyMask = cache ? input.attentionMask.map((row, b) => [...cache.mask[b], ...row]) : input.attentionMask;
    const run: DecoderRun = { ctx, mask: causalMask(keyMask, past, T), positions, cache, rope: this.rotary(positions) };

    let h = this.embed(tf.tensor2d(input.inputIds, [B, T], 'int32'), positions, training, ctx);
    h = this.hooks.apply('embeddings.output', h, ctx);
    // HF hidden_states: each block's input, then the final output after the last norm.
    const hiddenStates: tf.Tensor[] | undefined = opts.outputHiddenStates ? [] : undefined;
    for (let i = 0; i < this.numLayers; i++) {
      hiddenStates?.push(h);
      if (cache) h = this.block(i, h, { ...run, ctx: { ...ctx, layer: i } });
      else {
        const context = [run.mask, ctx.attentionMask, ...(run.rope ? [run.rope.cos, run.rope.sin] : [])];
        h = this.runLayer(i, h, training, context, (z, [m, m2, cos, sin]) => this.block(i, z, { ...run, mask: m, rope: cos ? { cos, sin } : undefined, ctx: { ...ctx, attentionMask: m2 as tf.Tensor2D, layer: i } }));
      }
    }
    h = this.finalNorm(h);
    hiddenStates?.push(h);
    cache?.commit(input.attentionMask);

    const out: ForwardOutput = { lastHiddenState: h, hiddenStates, input };
    if (this.task === 'causal-lm') {
      const D = this.hiddenSize;
      const hl = opts.lastLogitsOnly ? tf.slice(h, [0, T - 1, 0], [B, 1, D]) : h;
      const rows = hl.shape[1] as number;
      out.logits = tf.reshape(this.lmHead(tf.reshape(hl, [B * rows, D]) as tf.Tensor2D, training), [B, rows, this.vocabSize]);
    }
    return out;
  }

  private plainInput(input: ModelInput): ModelInput & { tokenKinds: number[][] } {
    return { ...input, tokenKinds: input.tokenKinds ?? input.attentionMask.map((row) => row.map((m) => (m ? TokenKind.source : TokenKind.pad))) };
  }

  private checkPositions(positions: number[][], ids: number[][]): void {
    let max = -1;
    for (const row of positions) for (const p of row) if (p > max) max = p;
    if (max >= this.maxPositions) {
      throw new InputError(`model input [position_ids]: a sequence needs position ${max}, beyond config.json [${this.maxPositionsField}] ${this.maxPositions}`);
    }
    for (const [b, row] of ids.entries()) {
      for (const [t, id] of row.entries()) {
        if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) throw new InputError(`model input [input_ids][${b}][${t}]: token id ${id} outside the vocabulary [0, ${this.vocabSize})`);
      }
    }
  }

  /**
   * Self-attention for one layer from the (hooked) q/k/v projections [B, T, H·dh] / [B, T, Hkv·dh]:
   * heads split, RoPE when the model rotates, cache appended, prefix keys prepended (always visible),
   * bias hooks added. Returns [B, T, H·dh] before the output projection.
   */
  protected selfAttention(layer: number, q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, run: DecoderRun, opts: { scale: number; dropoutRate: number }): tf.Tensor {
    let qh = splitHeads(q, this.numHeads);
    let kh = splitHeads(k, this.numKvHeads);
    let vh = splitHeads(v, this.numKvHeads);
    if (run.rope) {
      qh = applyRope(qh, run.rope.cos, run.rope.sin);
      kh = applyRope(kh, run.rope.cos, run.rope.sin);
    }
    if (run.cache) ({ key: kh, value: vh } = run.cache.append(layer, kh, vh));
    let mask = run.mask;
    const ctx = run.ctx;
    const prefixes = this.hooks.prefixes({ ...ctx, numKvHeads: this.numKvHeads, headDim: this.headDim });
    if (prefixes.length > 0) {
      kh = tf.concat([...prefixes.map((p) => p.key), kh], 2);
      vh = tf.concat([...prefixes.map((p) => p.value), vh], 2);
      const P = prefixes.reduce((s, p) => s + (p.key.shape[2] as number), 0);
      const [mb, , T] = mask.shape as number[];
      mask = tf.concat([tf.zeros([mb, 1, T, P]), mask], 3);
    }
    const biases = this.hooks.biases({ ...ctx, keyLength: kh.shape[2] as number, numHeads: this.numHeads });
    return groupedAttention({ q: qh, k: kh, v: vh, mask, scale: opts.scale, biases, dropout: (p) => this.dropout(p, opts.dropoutRate, ctx.training) });
  }

  /** Drops non-persistent buffers; checks the output projection's shape against the vocabulary. */
  loadStateDict(tensors: Map<string, { shape: number[]; data: Float32Array }>, file: string): LoadReport {
    const kept = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const [name, t] of tensors) {
      if (this.bufferPattern.test(name)) continue;
      if (name === this.lmHeadName) {
        const expected = [this.vocabSize, this.hiddenSize];
        if (t.shape.join() !== expected.join()) {
          throw new InputError(`${file} [${name}]: shape [${t.shape}] disagrees with the vocabulary: expected [vocab_size ${this.vocabSize}, hidden ${this.hiddenSize}]`);
        }
        if (this.tiedEmbeddings) continue; // HF ties it to the input embedding and ignores the saved copy
      }
      kept.set(name, t);
    }
    return super.loadStateDict(kept, file);
  }

  protected rmsNorm(name: string, x: tf.Tensor, eps: number): tf.Tensor {
    // HF LlamaRMSNorm: x · rsqrt(mean(x²) + ε) · w
    const variance = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, eps))), this.v(`${name}.weight`));
  }
}
