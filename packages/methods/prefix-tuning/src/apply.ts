/**
 * Prefix tuning (Li & Liang 2021, §4): at every layer l, attention runs over [P_k^l ; K] and [P_v^l ; V], where the
 * prefix P ∈ R^{P × 2·L·d} (HF PEFT's `prompt_embeddings` layout: per virtual token, layer 0 key, layer 0 value,
 * layer 1 key, ... each d = H·dh wide) is trained directly (P-tuning v2) or, during training, produced by the
 * reparameterisation MLP(E) = W2·tanh(W1·E + b1) + b2 from E ∈ R^{P × d} (Li & Liang eq. 5 / §4.3).
 * The prefix occupies positions 0..P-1, so real tokens start at position P (HF's past_key_values length):
 * installed through core's `prefix` hook with `positions: P`. T5 (relative positions only): L = E + D, a prefix in
 * the self-attention of every encoder and decoder block (Li & Liang §4.2), taking no position id, d = num_heads · d_kv.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRandomNormal, type AppliedMethod, type HookContext, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import { usesProjection, type PrefixTuningConfig } from './config.ts';
import {
  checkPositionBudget,
  checkShape,
  freezeBackbone,
  headTensors,
  loadPromptLearningTensors,
  modelDims,
  promptLearningConfig,
} from './prompt-learning.ts';

export const PREFIX_OWNER = 'prefix-tuning';

/** HF PEFT's key for the (projected) prefix in adapter_model.safetensors. */
export const PROMPT_EMBEDDINGS_KEY = 'prompt_embeddings';

export interface PrefixKeyValue {
  /** [B, H, P, dh] */
  key: tf.Tensor;
  value: tf.Tensor;
}

export interface PrefixModule {
  /** Registry names of the trainable prefix parameters. */
  parameterNames: string[];
  numVirtualTokens: number;
  /** The projected prefix [P, 2·L·d] (what HF PEFT saves as `prompt_embeddings`); caller disposes. */
  projected(): tf.Tensor2D;
  /** Use this projected prefix from now on (a loaded adapter); the MLP, if any, stops training. */
  setProjected(t: { shape: number[]; data: Float32Array }, file: string, key: string): void;
  /** Take the hook and the parameters out of the model. */
  remove(): void;
}

export interface ApplyPrefixOptions {
  /** Hook owner and parameter-name prefix (default 'prefix-tuning' / 'prefix'): lets a composition install its own. */
  owner?: string;
  namePrefix?: string;
  /** Edit each layer's prefix keys/values before attention (e.g. UniPELT's gate); must keep the shapes. */
  transform?: (kv: PrefixKeyValue, ctx: HookContext) => PrefixKeyValue;
}

function register(model: PreTrainedModel, name: string, value: tf.Tensor, owner: string, transposed = false): tf.Variable {
  const variable = tf.variable(value, true, `${name.replace(/[^A-Za-z0-9_./-]/g, '_')}_${Math.random().toString(36).slice(2, 8)}`);
  value.dispose();
  model.params.add({ name, variable, trainable: true, owner, transposed });
  return variable;
}

/** torch.nn.Linear's default init: weight and bias ~ U(-1/√in, 1/√in). Stored [in, out] (HF layout [out, in]). */
function linear(model: PreTrainedModel, name: string, inF: number, outF: number, owner: string): { w: tf.Variable; b: tf.Variable } {
  const bound = 1 / Math.sqrt(inF);
  const w = register(model, `${name}.weight`, tf.randomUniform([inF, outF], -bound, bound, 'float32', model.nextInitSeed()), owner, true);
  const b = register(model, `${name}.bias`, tf.randomUniform([outF], -bound, bound, 'float32', model.nextInitSeed()), owner);
  return { w, b };
}

/**
 * The building block: trainable prefixes at every layer through core's `prefix` hook (no head, no freezing).
 * UniPELT composes this with its gate through `opts.transform`.
 */
export function applyPrefix(model: PreTrainedModel, cfg: PrefixTuningConfig, opts: ApplyPrefixOptions = {}): PrefixModule {
  const owner = opts.owner ?? PREFIX_OWNER;
  const base = opts.namePrefix ?? 'prefix';
  const d = modelDims(model);
  const P = cfg.numVirtualTokens;
  const source = `method 'prefix-tuning' config`;
  checkPositionBudget(d, P, source);
  if (d.kvHeads !== d.heads) {
    throw new InputError(`config.json [num_key_value_heads]: ${d.kvHeads} key/value heads for ${d.heads} query heads; HF PEFT's PREFIX_TUNING layout assumes one key/value head per query head`);
  }
  const D = d.hidden;
  const L = d.layers;
  const H = d.heads;
  const dh = d.headDim;
  const W = d.kvWidth; // H · dh: = D except where a T5 config sets num_heads · d_kv ≠ d_model
  const width = 2 * L * W;
  const names: string[] = [];
  let projectedFn: () => tf.Tensor2D;
  if (usesProjection(cfg)) {
    const h = cfg.encoderHiddenSize ?? D;
    const emb = register(model, `${base}.embedding.weight`, seededRandomNormal([P, D], 0, 1, model.nextInitSeed()), owner);
    const l1 = linear(model, `${base}.transform.0`, D, h, owner);
    const l2 = linear(model, `${base}.transform.2`, h, width, owner);
    names.push(`${base}.embedding.weight`, `${base}.transform.0.weight`, `${base}.transform.0.bias`, `${base}.transform.2.weight`, `${base}.transform.2.bias`);
    projectedFn = () => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(emb, l1.w), l1.b)), l2.w), l2.b) as tf.Tensor2D;
  } else {
    const emb = register(model, `${base}.embedding.weight`, seededRandomNormal([P, width], 0, 1, model.nextInitSeed()), owner);
    names.push(`${base}.embedding.weight`);
    projectedFn = () => emb as unknown as tf.Tensor2D;
  }
  let loaded: tf.Variable | undefined;
  const projected = (): tf.Tensor2D => (loaded ? (loaded as unknown as tf.Tensor2D) : projectedFn());

  // One projection per forward: computed at layer 0, sliced per layer.
  let current: tf.Tensor2D | undefined;
  model.hooks.prefix(
    (ctx) => {
      if (ctx.layer === 0 || !current || current.isDisposed) current = projected();
      const l = ctx.layer;
      const part = (i: number) => {
        const x = tf.slice(current!, [0, i * W], [P, W]); // [P, H·dh]
        const heads = tf.transpose(tf.reshape(x, [P, H, dh]), [1, 0, 2]); // [H, P, dh]
        return tf.broadcastTo(tf.expandDims(heads, 0), [ctx.batchSize, H, P, dh]);
      };
      const kv = { key: part(2 * l), value: part(2 * l + 1) };
      return opts.transform ? opts.transform(kv, ctx) : kv;
    },
    owner,
    // T5 has relative positions only: its prefixes take no position id (always visible, no position bias)
    d.prefixPositions ? { positions: P } : {},
  );

  return {
    parameterNames: names,
    numVirtualTokens: P,
    projected: () => tf.tidy(() => tf.clone(projected())),
    setProjected(t, file, key) {
      checkShape(file, key, t.shape, [P, width], `num_virtual_tokens ${P} × num_layers ${L} · 2 · ${W} (heads × head size)`);
      const value = tf.tensor2d(t.data, [P, width], 'float32');
      if (!usesProjection(cfg)) {
        model.params.get(names[0]).variable.assign(value);
        value.dispose();
        return;
      }
      if (loaded) {
        loaded.assign(value);
        value.dispose();
      } else {
        loaded = tf.variable(value, false);
        value.dispose();
      }
      for (const n of names) model.params.get(n).trainable = false;
    },
    remove() {
      model.hooks.removeOwner(owner);
      for (const n of names) model.params.remove(n);
      loaded?.dispose();
    },
  };
}

/** The method: prefix + (for classification) a trained head, saved as HF PEFT PREFIX_TUNING. */
export function applyPrefixTuning(model: PreTrainedModel, cfg: PrefixTuningConfig, task: TaskSpec): AppliedMethod {
  const heads = freezeBackbone(model, task);
  const mod = applyPrefix(model, cfg);
  const D = modelDims(model).hidden;
  return {
    adapterConfig: () =>
      promptLearningConfig(model, task, 'PREFIX_TUNING', cfg.numVirtualTokens, {
        encoder_hidden_size: cfg.encoderHiddenSize ?? D,
        prefix_projection: cfg.prefixProjection,
      }),
    adapterTensors: () => new Map([[PROMPT_EMBEDDINGS_KEY, mod.projected() as tf.Tensor], ...headTensors(model, heads)]),
    loadAdapterTensors: (tensors, file) =>
      loadPromptLearningTensors(model, heads, [PROMPT_EMBEDDINGS_KEY], tensors, file, (key, t) => {
        if (key !== PROMPT_EMBEDDINGS_KEY) return false;
        mod.setProjected(t, file, key);
        return true;
      }),
  };
}
