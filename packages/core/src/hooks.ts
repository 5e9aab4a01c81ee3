/**
 * Hook points: the only way a PEFT method touches a model. Core calls these at fixed, named places in
 * every architecture (see README.md for the diagram); it knows no method by name.
 *
 * A tensor hook receives the activation at its point and returns the (possibly edited) activation.
 * Several hooks on one point run in the order they were added.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** Activations a hook can edit. Shapes: B batch, T tokens, D hidden, F FFN width, H heads, dh head size. */
export const TENSOR_HOOK_POINTS = [
  'embeddings.output', //    [B, T, D]  embeddings after their LayerNorm (encoders) / token+position sum (decoders)
  'attention.query', //      [B, T, D]  query projection output (bias included), before the head split
  'attention.key', //        [B, T, Dkv]
  'attention.value', //      [B, T, Dkv]
  'attention.output', //     [B, T, D]  attention output projection, before dropout and residual
  'attention.residual', //   [B, T, D]  after attention residual add (+ LayerNorm in post-LN models)
  'ffn.intermediate', //     [B, T, F]  FFN activation output (after GELU / SwiGLU)
  'ffn.output', //           [B, T, D]  FFN output projection, before dropout and residual
  'layer.output', //         [B, T, D]  the layer's output (after the FFN residual add and, post-LN, LayerNorm)
] as const;
export type TensorHookPoint = (typeof TENSOR_HOOK_POINTS)[number];

/** Which role each position plays; methods that insert tokens mark them. */
export const TokenKind = { pad: 0, source: 1, inserted: 2, target: 3 } as const;

/** What a hook knows about the current forward pass. */
export interface HookContext {
  /** Layer index, or -1 for model-level points (embeddings). */
  layer: number;
  training: boolean;
  /** [B, T] 1 = real token. */
  attentionMask: tf.Tensor2D;
  /** Per position role (TokenKind), row-major [B][T]. Set by the model from its input. */
  tokenKinds: Int32Array;
  batchSize: number;
  seqLen: number;
  /** Whether this is the model's causal (decoder) attention. */
  causal: boolean;
  /** Number of tokens already held in the KV cache before this call (decoding step), else 0. */
  pastLength: number;
}

export type TensorHook = (x: tf.Tensor, ctx: HookContext) => tf.Tensor;

/**
 * Additive attention bias per (query, key): returns [B or 1, H or 1, T, S] added to the raw scores
 * (0 = visible, a large negative number = hidden), S = keys incl. prefix and cache. Called once per layer.
 */
export type AttentionBiasHook = (ctx: HookContext & { keyLength: number; numHeads: number }) => tf.Tensor | null;

/**
 * Replaces the token (word) embeddings [B, T, D] before position / token-type embeddings are added and before
 * the embedding LayerNorm: HF's `inputs_embeds`. Prompt tuning swaps in its soft prompt at the positions its
 * input transform inserted (TokenKind.inserted). Called once per forward.
 */
export type WordEmbeddingHook = (x: tf.Tensor, ctx: HookContext) => tf.Tensor;

/** Extra keys/values prepended to every attention (prefix tuning): [B, Hkv, P, dh] each. */
export type PrefixHook = (ctx: HookContext & { numKvHeads: number; headDim: number }) => { key: tf.Tensor; value: tf.Tensor } | null;

/** Information about a Linear layer, given to wrappers. */
export interface LinearInfo {
  /** The HF module name, e.g. `roberta.encoder.layer.0.attention.self.query`. */
  name: string;
  /** The short role name HF PEFT target_modules match, e.g. `query`, `c_attn`, `q_proj`. */
  role: string;
  layer: number;
  inFeatures: number;
  outFeatures: number;
}

/**
 * Wraps one Linear: `base` computes the frozen layer y = xW + b; the wrapper returns the edited output
 * (LoRA adds a low-rank path, (IA)3 scales). Input x is [N, in] (flattened over batch and time).
 */
export type LinearWrapper = (x: tf.Tensor2D, base: (x: tf.Tensor2D) => tf.Tensor2D, info: LinearInfo, ctx: { training: boolean }) => tf.Tensor2D;

/**
 * Rewrites the model input before embedding (token insertion): may add positions, and returns the
 * new ids, mask, kinds and labels. Runs once per forward, before 'embeddings.output'.
 */
export interface ModelInput {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds?: number[][];
  positionIds?: number[][];
  /** Labels: one per sequence ([B], classification / regression) or per position ([B][T], token / LM; -100 ignored). */
  labels?: number[] | number[][];
  /** TokenKind per position; defaults to source for real tokens, pad for padding. */
  tokenKinds?: number[][];
}
export type InputTransform = (input: ModelInput, ctx: { training: boolean; causal: boolean }) => ModelInput;

/** The per-model hook table. */
export class Hooks {
  private readonly tensorHooks = new Map<TensorHookPoint, { fn: TensorHook; layers?: Set<number>; owner: string }[]>();
  private readonly biasHooks: { fn: AttentionBiasHook; owner: string }[] = [];
  private readonly prefixHooks: { fn: PrefixHook; owner: string; positions: number }[] = [];
  private readonly wordEmbeddingHooks: { fn: WordEmbeddingHook; owner: string }[] = [];
  private readonly linearWrappers: { match: (info: LinearInfo) => boolean; fn: LinearWrapper; owner: string }[] = [];
  private readonly inputTransforms: { fn: InputTransform; owner: string }[] = [];

  /** Add a hook on a tensor point; `layers` limits it to some layer indices. */
  on(point: TensorHookPoint, fn: TensorHook, opts: { layers?: number[]; owner?: string } = {}): void {
    if (!TENSOR_HOOK_POINTS.includes(point)) throw new Error(`unknown hook point '${point}' (known: ${TENSOR_HOOK_POINTS.join(', ')})`);
    const list = this.tensorHooks.get(point) ?? [];
    list.push({ fn, layers: opts.layers ? new Set(opts.layers) : undefined, owner: opts.owner ?? 'anonymous' });
    this.tensorHooks.set(point, list);
  }

  attentionBias(fn: AttentionBiasHook, owner = 'anonymous'): void {
    this.biasHooks.push({ fn, owner });
  }

  /**
   * Prefix keys/values. `opts.positions`: how many position ids the prefix occupies before the first token, as
   * HF's `past_key_values` do (prefix tuning: real tokens then start at position P, HF's past_key_values_length);
   * default 0 (the prefix takes no positions).
   */
  prefix(fn: PrefixHook, owner = 'anonymous', opts: { positions?: number } = {}): void {
    this.prefixHooks.push({ fn, owner, positions: opts.positions ?? 0 });
  }

  /** Replace token embeddings before positions are added (HF `inputs_embeds`): see WordEmbeddingHook. */
  wordEmbeddings(fn: WordEmbeddingHook, owner = 'anonymous'): void {
    this.wordEmbeddingHooks.push({ fn, owner });
  }

  /** Wrap every Linear for which `match(info)` holds. */
  wrapLinear(match: (info: LinearInfo) => boolean, fn: LinearWrapper, owner = 'anonymous'): void {
    this.linearWrappers.push({ match, fn, owner });
  }

  transformInput(fn: InputTransform, owner = 'anonymous'): void {
    this.inputTransforms.push({ fn, owner });
  }

  /** Remove every hook a method installed (by owner name). */
  removeOwner(owner: string): void {
    for (const [point, list] of this.tensorHooks) this.tensorHooks.set(point, list.filter((h) => h.owner !== owner));
    for (const arr of [this.biasHooks, this.prefixHooks, this.wordEmbeddingHooks, this.linearWrappers, this.inputTransforms] as { owner: string }[][]) {
      for (let i = arr.length - 1; i >= 0; i--) if (arr[i].owner === owner) arr.splice(i, 1);
    }
  }

  // ---- called by model code ----

  apply(point: TensorHookPoint, x: tf.Tensor, ctx: HookContext): tf.Tensor {
    const list = this.tensorHooks.get(point);
    if (!list) return x;
    for (const h of list) if (!h.layers || h.layers.has(ctx.layer)) x = h.fn(x, ctx);
    return x;
  }

  has(point: TensorHookPoint): boolean {
    return (this.tensorHooks.get(point)?.length ?? 0) > 0;
  }

  biases(ctx: Parameters<AttentionBiasHook>[0]): tf.Tensor[] {
    return this.biasHooks.map((h) => h.fn(ctx)).filter((t): t is tf.Tensor => t !== null);
  }

  prefixes(ctx: Parameters<PrefixHook>[0]): { key: tf.Tensor; value: tf.Tensor }[] {
    return this.prefixHooks.map((h) => h.fn(ctx)).filter((p): p is { key: tf.Tensor; value: tf.Tensor } => p !== null);
  }

  /** Position ids the installed prefixes occupy before the first token (sum of their `positions`). */
  prefixPositions(): number {
    return this.prefixHooks.reduce((s, h) => s + h.positions, 0);
  }

  applyWordEmbeddings(x: tf.Tensor, ctx: HookContext): tf.Tensor {
    for (const h of this.wordEmbeddingHooks) x = h.fn(x, ctx);
    return x;
  }

  linearWrappersFor(info: LinearInfo): LinearWrapper[] {
    return this.linearWrappers.filter((w) => w.match(info)).map((w) => w.fn);
  }

  transform(input: ModelInput, ctx: { training: boolean; causal: boolean }): ModelInput {
    for (const t of this.inputTransforms) input = t.fn(input, ctx);
    return input;
  }

  get hasInputTransforms(): boolean {
    return this.inputTransforms.length > 0;
  }
}
