/**
 * What every architecture shares: the parameter registry, the hook table, seeded dropout, and the
 * building blocks (Linear with wrappers, LayerNorm, activations) written once so that hooks behave the
 * same in every model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng, InputError } from '@peftbench/util';
import { Hooks, TokenKind, type HookContext, type LinearInfo, type ModelInput } from '../hooks.ts';
import { ParameterRegistry } from '../params.ts';
import { frozenWeightProduct, matMulFast } from '../backend/matmul-fast.ts';
import { fusedLayerNorm, fusedLayerNormAvailable } from '../backend/kernels/layer-norm.ts';
import { seededDropout } from './dropout.ts';
import { seededRandomNormal } from '../random.ts';
import type { HfConfig } from './config.ts';
import { checkpointLayer } from '../train/checkpoint.ts';

export type TaskKind = 'bare' | 'sequence-classification' | 'token-classification' | 'masked-lm' | 'causal-lm';

export interface ForwardOptions {
  training?: boolean;
  outputHiddenStates?: boolean;
  /**
   * Masked LM only: compute vocabulary logits for these flattened positions (b·T + t) alone, giving
   * logits [K, vocab] — the output layer is most of an MLM step, and the loss needs only masked positions.
   */
  logitPositions?: number[];
}

export interface ForwardOutput {
  /** [B, labels] (sequence), [B, T, labels] (token), [B, T, vocab] (LM). Absent for 'bare'. */
  logits?: tf.Tensor;
  /** [B, T, D] */
  lastHiddenState: tf.Tensor;
  /** Embedding output, then each layer's output (L + 1 tensors); only when asked for. */
  hiddenStates?: tf.Tensor[];
  /** [B, D] BERT pooler output where the model has a pooler. */
  poolerOutput?: tf.Tensor;
  /** The input after the hooks' input transforms (token insertion changes T). */
  input: ModelInput;
}

/** A checkpoint tensor the model could not use, or a model tensor the checkpoint lacked. */
export interface LoadReport {
  /** In the checkpoint, belongs to a head this model does not have (e.g. lm_head when classifying). */
  unused: string[];
  /** Not in the checkpoint, freshly initialised (only heads may be). */
  newlyInitialised: string[];
}

export const NEG_INF = -1e9;

export abstract class PreTrainedModel {
  readonly params = new ParameterRegistry();
  readonly hooks = new Hooks();
  /** Dropout seeds come from here: the same seed gives the same masks. */
  private dropoutRng = new Rng(0);
  /** Names of tensors that heads own; they may be missing from a checkpoint (fresh init). */
  protected readonly headParamNames = new Set<string>();
  /** Checkpoint name prefixes of heads this model could have but does not (ignored when loading). */
  protected abstract readonly foreignHeadPrefixes: string[];
  private initRng: Rng;

  protected constructor(
    readonly config: HfConfig,
    readonly task: TaskKind,
    seed: number,
  ) {
    this.initRng = new Rng(seed);
  }

  abstract readonly architecture: string;
  abstract readonly hiddenSize: number;
  abstract readonly numLayers: number;
  abstract readonly causal: boolean;

  abstract forward(input: ModelInput, opts?: ForwardOptions): ForwardOutput;

  /** Re-seed dropout (the trainer does this per run and seed). */
  seedDropout(seed: number): void {
    this.dropoutRng = new Rng(seed);
  }

  /**
   * Activation recomputation per layer (gradient checkpointing, src/train/checkpoint.ts): a training forward
   * keeps only each layer's input and the backward pass recomputes the rest. Same gradients, less memory.
   */
  gradientCheckpointing = false;

  /**
   * wasm: multiply by frozen weights without leaving XNNPACK's packed copy of each on the heap
   * (backend/matmul-fast.ts `frozenWeightProduct`): the heap then holds the weights once instead of twice, at
   * the cost of a copy and a repack per product. The memory plan turns it on when a frozen-backbone step
   * fits the heap only that way (`plan.weightPacks === 'per-product'`). Same results either way.
   */
  releaseWeightPacks = false;

  /** Whether products with this (frozen) weight should release their packed copy (`releaseWeightPacks`). */
  protected releasesPacksOf(name: string): boolean {
    return this.releaseWeightPacks && !this.params.get(name).trainable;
  }

  /** h · Eᵀ for a tied embedding E [V, D] (LM heads): releases E's packed copy when `releaseWeightPacks` says so. */
  protected timesEmbeddingT(h: tf.Tensor2D, embeddingName: string): tf.Tensor2D {
    const e = this.v(embeddingName) as tf.Tensor2D;
    return (this.releasesPacksOf(embeddingName) ? frozenWeightProduct(h, e, true) : matMulFast(h, e, false, true)) as tf.Tensor2D;
  }

  /** A copy of the dropout stream's position (checkpointing replays a layer's masks from it). */
  dropoutState(): Rng {
    return Object.assign(Object.create(Object.getPrototypeOf(this.dropoutRng)), this.dropoutRng) as Rng;
  }

  restoreDropoutState(state: Rng): void {
    this.dropoutRng = Object.assign(Object.create(Object.getPrototypeOf(state)), state) as Rng;
  }

  /**
   * Run layer `i` as `fn(x, context)`, through activation recomputation when `gradientCheckpointing` is on and
   * training. `context`: every tensor made earlier in this forward that the layer reads (masks, RoPE tables);
   * the recomputation gets kept copies, since the forward's own are freed before the backward pass.
   */
  protected runLayer(i: number, x: tf.Tensor, training: boolean, context: tf.Tensor[], fn: (x: tf.Tensor, context: tf.Tensor[]) => tf.Tensor): tf.Tensor {
    return this.gradientCheckpointing && training ? checkpointLayer(this, String(i), x, context, fn) : fn(x, context);
  }

  /** Seed for methods that initialise their own parameters reproducibly. */
  nextInitSeed(): number {
    return this.initRng.int(2 ** 31);
  }

  // ---- parameters ----

  protected param(name: string, shape: number[], init: 'normal' | 'zeros' | 'ones', opts: { std?: number; transposed?: boolean; head?: boolean } = {}): tf.Variable {
    const value =
      init === 'zeros' ? tf.zeros(shape) : init === 'ones' ? tf.ones(shape) : seededRandomNormal(shape, 0, opts.std ?? 0.02, this.initRng.int(2 ** 31));
    const variable = tf.variable(value, true, name.replace(/[^A-Za-z0-9_./-]/g, '_') + '_' + Math.random().toString(36).slice(2, 8));
    value.dispose();
    this.params.add({ name, variable, trainable: true, owner: opts.head ? 'head' : 'base', transposed: opts.transposed ?? false });
    if (opts.head) this.headParamNames.add(name);
    return variable;
  }

  /** A Linear's weight [in, out] (HF stores [out, in]) and bias [out]. */
  protected linearParams(name: string, inFeatures: number, outFeatures: number, opts: { bias?: boolean; head?: boolean; std?: number; hfLayout?: 'out-in' | 'in-out' } = {}): void {
    this.param(`${name}.weight`, [inFeatures, outFeatures], 'normal', { std: opts.std, transposed: (opts.hfLayout ?? 'out-in') === 'out-in', head: opts.head });
    if (opts.bias ?? true) this.param(`${name}.bias`, [outFeatures], 'zeros', { head: opts.head });
  }

  protected layerNormParams(name: string, size: number, opts: { head?: boolean; bias?: boolean } = {}): void {
    this.param(`${name}.weight`, [size], 'ones', { head: opts.head });
    if (opts.bias ?? true) this.param(`${name}.bias`, [size], 'zeros', { head: opts.head });
  }

  protected v(name: string): tf.Variable {
    return this.params.get(name).variable;
  }

  // ---- building blocks ----

  /**
   * y = x W + b on the last axis, through every wrapper a method installed on this Linear.
   * x: [..., in] → [..., out]. Flattened to 2-D so the matmul is a plain one (fast path on wasm).
   */
  protected linear(name: string, x: tf.Tensor, info: Omit<LinearInfo, 'name' | 'inFeatures' | 'outFeatures'>, training: boolean): tf.Tensor {
    const w = this.v(`${name}.weight`);
    const b = this.params.tryGet(`${name}.bias`)?.variable;
    const [inFeatures, outFeatures] = w.shape;
    const lead = x.shape.slice(0, -1);
    const x2 = x.reshape([-1, inFeatures]) as tf.Tensor2D;
    const release = this.releasesPacksOf(`${name}.weight`);
    let fn = (z: tf.Tensor2D): tf.Tensor2D => {
      const y = release ? frozenWeightProduct(z, w as tf.Tensor2D) : (tf.matMul(z, w as tf.Tensor2D) as tf.Tensor2D);
      return b ? (tf.add(y, b) as tf.Tensor2D) : y;
    };
    const full: LinearInfo = { ...info, name, inFeatures, outFeatures };
    for (const wrap of this.hooks.linearWrappersFor(full)) {
      const inner = fn;
      fn = (z) => wrap(z, inner, full, { training });
    }
    return fn(x2).reshape([...lead, outFeatures]);
  }

  /** Names of every Linear in the model, with roles (for target_modules matching and counting). */
  abstract linearLayers(): LinearInfo[];

  protected layerNorm(name: string, x: tf.Tensor, eps: number): tf.Tensor {
    const bias = this.params.tryGet(`${name}.bias`);
    // wasm: one fused kernel forward and backward (backend/kernels/layer-norm.ts, issue 20)
    if (bias && x.dtype === 'float32' && fusedLayerNormAvailable()) return fusedLayerNorm(x, this.v(`${name}.weight`), bias.variable, eps);
    const { mean, variance } = tf.moments(x, -1, true);
    const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
    const out = tf.mul(normed, this.v(`${name}.weight`));
    return bias ? tf.add(out, bias.variable) : out;
  }

  protected dropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
    if (!training || rate <= 0) return x;
    return seededDropout(x, rate, this.dropoutRng.int(2 ** 31)); // models/dropout.ts (issue 20)
  }

  protected activation(kind: string, x: tf.Tensor): tf.Tensor {
    switch (kind) {
      case 'gelu': // exact: x Φ(x)
        return geluExact(x);
      case 'gelu_new':
      case 'gelu_pytorch_tanh': // tanh approximation
        return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI)))));
      case 'relu':
        return tf.relu(x);
      case 'silu':
        return tf.mul(x, tf.sigmoid(x));
      default:
        throw new Error(`unsupported activation '${kind}'`);
    }
  }

  /**
   * Scaled dot-product attention with the hooks' bias and prefix keys/values.
   * q: [B, T, H·dh], k, v: [B, S, Hkv·dh]. `mask` is the additive [B, 1, T, S'] mask from padding / causality
   * (S' = S); prefix keys are always visible. Returns [B, T, H·dh] before the output projection.
   */
  protected attend(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask: tf.Tensor, numHeads: number, numKvHeads: number, ctx: HookContext, dropoutRate: number): tf.Tensor {
    const [B, T, D] = q.shape as number[];
    const S0 = (k.shape as number[])[1];
    const dh = D / numHeads;
    const heads = (x: tf.Tensor, n: number, len: number) => x.reshape([B, len, n, dh]).transpose([0, 2, 1, 3]); // [B, n, len, dh]
    let qh = heads(q, numHeads, T);
    let kh = heads(k, numKvHeads, S0);
    let vh = heads(v, numKvHeads, S0);
    let fullMask = mask;
    const prefixes = this.hooks.prefixes({ ...ctx, numKvHeads, headDim: dh });
    if (prefixes.length > 0) {
      const pk = prefixes.map((p) => p.key);
      const pv = prefixes.map((p) => p.value);
      kh = tf.concat([...pk, kh], 2);
      vh = tf.concat([...pv, vh], 2);
      const P = pk.reduce((s, t) => s + (t.shape as number[])[2], 0);
      const mb = (mask.shape as number[])[0];
      fullMask = tf.concat([tf.zeros([mb, 1, T, P]), tf.broadcastTo(mask, [mb, 1, T, S0])], 3);
    }
    if (numKvHeads !== numHeads) {
      // grouped-query attention: each kv head serves numHeads / numKvHeads query heads
      const rep = numHeads / numKvHeads;
      const S = (kh.shape as number[])[2];
      kh = tf.tile(kh.reshape([B, numKvHeads, 1, S, dh]), [1, 1, rep, 1, 1]).reshape([B, numHeads, S, dh]);
      vh = tf.tile(vh.reshape([B, numKvHeads, 1, S, dh]), [1, 1, rep, 1, 1]).reshape([B, numHeads, S, dh]);
    }
    const S = (kh.shape as number[])[2];
    let scores = tf.mul(matMulFast(qh, kh, false, true), 1 / Math.sqrt(dh)); // [B, H, T, S]
    scores = tf.add(scores, fullMask);
    for (const bias of this.hooks.biases({ ...ctx, keyLength: S, numHeads })) scores = tf.add(scores, bias);
    const probs = this.dropout(tf.softmax(scores, -1), dropoutRate, ctx.training);
    return matMulFast(probs, vh).transpose([0, 2, 1, 3]).reshape([B, T, D]);
  }

  // ---- inputs ----

  /** Apply input transforms, fill defaults (token types, kinds). */
  protected prepareInput(input: ModelInput, training: boolean): ModelInput & { tokenKinds: number[][] } {
    validateInput(input);
    const t = this.hooks.hasInputTransforms ? this.hooks.transform(input, { training, causal: this.causal }) : input;
    const tokenKinds = t.tokenKinds ?? t.attentionMask.map((row) => row.map((m) => (m ? TokenKind.source : TokenKind.pad)));
    return { ...t, tokenKinds };
  }

  protected hookContext(input: { attentionMask: number[][]; tokenKinds: number[][] }, mask2d: tf.Tensor2D, training: boolean, pastLength = 0): HookContext {
    const B = input.attentionMask.length;
    const T = input.attentionMask[0].length;
    const kinds = new Int32Array(B * T);
    input.tokenKinds.forEach((row, b) => row.forEach((k, t) => (kinds[b * T + t] = k)));
    return { layer: -1, training, attentionMask: mask2d, tokenKinds: kinds, batchSize: B, seqLen: T, causal: this.causal, pastLength };
  }

  // ---- weights ----

  /** Copy checkpoint tensors (HF names, HF layout) into the model. Strict: see LoadReport. */
  loadStateDict(tensors: Map<string, { shape: number[]; data: Float32Array }>, file: string): LoadReport {
    const names = new Map<string, string>(); // checkpoint name → model name
    for (const name of tensors.keys()) names.set(name, this.resolveCheckpointName(name));
    const report: LoadReport = { unused: [], newlyInitialised: [] };
    for (const [ckptName, modelName] of names) {
      const t = tensors.get(ckptName)!;
      const p = this.params.tryGet(modelName);
      if (!p) {
        if (this.foreignHeadPrefixes.some((pre) => ckptName.startsWith(pre))) {
          report.unused.push(ckptName);
          continue;
        }
        throw new InputError(`${file} [${ckptName}]: tensor is not part of a ${this.architecture} model (${this.task})`);
      }
      this.params.assignHf(modelName, t, file, ckptName);
    }
    const loaded = new Set(names.values());
    for (const p of this.params.all()) {
      if (p.owner !== 'base' && p.owner !== 'head') continue;
      if (loaded.has(p.name) || this.isTiedAlias(p.name, loaded)) continue;
      if (this.headParamNames.has(p.name)) report.newlyInitialised.push(p.name);
      else throw new InputError(`${file} [${p.name}]: tensor missing from the checkpoint`);
    }
    return report;
  }

  /** Map a checkpoint name to the model's name (e.g. add the `bert.` prefix of a bare BertModel save). */
  protected resolveCheckpointName(name: string): string {
    return name;
  }

  /** Whether a missing name is legitimately tied to a loaded one (e.g. a decoder's lm_head). */
  protected isTiedAlias(_name: string, _loaded: Set<string>): boolean {
    return false;
  }

  /** Every base+head tensor in HF names and layout (what save_pretrained would write). */
  stateDict(filter: (name: string) => boolean = () => true): Map<string, tf.Tensor> {
    const out = new Map<string, tf.Tensor>();
    for (const p of this.params.all()) if ((p.owner === 'base' || p.owner === 'head') && filter(p.name)) out.set(p.name, this.params.hfValue(p.name));
    return out;
  }

  dispose(): void {
    this.params.dispose();
  }
}

function validateInput(input: ModelInput): void {
  const B = input.inputIds.length;
  if (B === 0) throw new InputError('model input: empty batch');
  const T = input.inputIds[0].length;
  const check = (name: string, m: number[][] | undefined) => {
    if (!m) return;
    if (m.length !== B || m.some((r) => r.length !== T)) throw new InputError(`model input [${name}]: shape does not match input_ids [${B}, ${T}]`);
  };
  check('input_ids', input.inputIds);
  check('attention_mask', input.attentionMask);
  check('token_type_ids', input.tokenTypeIds);
  check('position_ids', input.positionIds);
}

/**
 * Exact GELU x·Φ(x) with its gradient written out, Φ(x) + x·φ(x): tfjs's gradient of erf is ~5x slower
 * than the whole forward on wasm (measured: 242 ms vs 45 ms for tanh on 1280×669).
 * Under a gradient scope the forward also computes the derivative Φ(x) + x·φ(x) and saves it instead of x,
 * so the backward pass is one product and Φ(x) (an erf, the slowest elementwise kernel on wasm) is computed
 * once instead of twice (issue 20). Same operations as before, so the same bits; the same memory (one
 * tensor of x's size kept). Outside gradient scopes (inference) only the value is computed.
 */
export const geluExact = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
  const value = tf.mul(x, cdf);
  if (!underGradientScope()) return { value, gradFunc: () => { throw new Error('geluExact: gradient asked outside a gradient scope'); } };
  const phi = tf.mul(tf.exp(tf.mul(tf.square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
  save([tf.add(cdf, tf.mul(x, phi))]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]),
  };
}) as any) as (x: tf.Tensor) => tf.Tensor; // tfjs types customGrad loosely

/** Whether tfjs is recording for a gradient (tf.grad / variableGrads / customGrad's forward inside them). */
function underGradientScope(): boolean {
  return ((tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth ?? 0) > 0;
}

/** [B, T] 0/1 attention mask → additive [B, 1, 1, T] key mask. */
export function keyPaddingMask(mask: tf.Tensor2D): tf.Tensor {
  const [B, T] = mask.shape;
  return tf.mul(tf.sub(1, mask.reshape([B, 1, 1, T])), NEG_INF);
}
