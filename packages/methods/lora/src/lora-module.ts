/**
 * The reusable LoRA piece (Hu et al. 2021, eq. 3; HF PEFT's lora.Linear): for each targeted Linear,
 *   y = x W + b + (dropout(x) Aᵀ Bᵀ) · scaling,   A ∈ R^{r×in}, B ∈ R^{out×r}, scaling = α / r,
 * installed through `model.hooks.wrapLinear`. `merge()` folds B A · scaling into W (so inference pays
 * nothing); `unmerge()` takes it out again. Other methods build on it (ID3 masks these A/B tensors).
 *
 * Registry names are HF PEFT's without the adapter name: `<module>.lora_A.weight`, `<module>.lora_B.weight`,
 * stored transposed ([in, r], [r, out]) so both matmuls take wasm's plain 2-D fast path.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LinearInfo, PreTrainedModel } from '@peftbench/core';
import { Rng } from '@peftbench/util';
import { loraScaling, type LoraConfig } from './config.ts';
import { selectTargets } from './target.ts';

export interface LoraLayer {
  /** HF module name, e.g. `roberta.encoder.layer.0.attention.self.query`. */
  module: string;
  inFeatures: number;
  outFeatures: number;
  /** Registry names of lora_A ([r, in] in HF layout) and lora_B ([out, r]). */
  a: string;
  b: string;
  /** Registry name of the base weight the update merges into. */
  baseWeight: string;
}

export interface LoraModule {
  readonly layers: LoraLayer[];
  readonly scaling: number;
  /** Every lora_A / lora_B parameter name this module registered. */
  readonly parameterNames: string[];
  readonly merged: boolean;
  merge(): void;
  unmerge(): void;
  /** Unmerge if merged, remove the wrappers and dispose the A/B parameters. */
  remove(): void;
}

export interface ApplyLoraOptions {
  /** Owner name for the hooks and parameters (default 'lora'). */
  owner?: string;
  /**
   * Multiplies the low-rank update per row: y = x W + b + g(x) ⊙ (x Aᵀ Bᵀ)·scaling, g(x) of shape [N, 1] (UniPELT's
   * gate σ(x W_G + b_G)). Absent: 1. A gated module cannot be merged (the gate depends on x).
   */
  gate?: (x: tf.Tensor2D, info: LinearInfo) => tf.Tensor;
}

export function applyLora(model: PreTrainedModel, cfg: LoraConfig, opts: ApplyLoraOptions = {}): LoraModule {
  const owner = opts.owner ?? 'lora';
  const infos = model.linearLayers();
  const chosen = new Set(selectTargets(infos.map((i) => i.name), cfg, model.config.model_type));
  const scaling = loraScaling(cfg);
  const dropoutRng = new Rng(model.nextInitSeed());
  const layers: LoraLayer[] = [];
  const weights = new Map<string, { a: tf.Variable; b: tf.Variable }>();

  for (const info of infos) {
    if (!chosen.has(info.name)) continue;
    const layer: LoraLayer = {
      module: info.name,
      inFeatures: info.inFeatures,
      outFeatures: info.outFeatures,
      a: `${info.name}.lora_A.weight`,
      b: `${info.name}.lora_B.weight`,
      baseWeight: `${info.name}.weight`,
    };
    // HF PEFT: nn.init.kaiming_uniform_(A, a=√5) → U(±1/√fan_in), fan_in = in; B = 0 (init_lora_weights=True),
    // else B keeps nn.Linear's own init, the same rule with fan_in = r.
    const a = register(model, layer.a, [info.inFeatures, cfg.r], uniformInit(info.inFeatures, model.nextInitSeed()), owner);
    const bInit = cfg.init_lora_weights ? (s: number[]) => tf.zeros(s) : uniformInit(cfg.r, model.nextInitSeed());
    const b = register(model, layer.b, [cfg.r, info.outFeatures], bInit, owner);
    weights.set(info.name, { a, b });
    layers.push(layer);
  }

  let merged = false;
  model.hooks.wrapLinear(
    (info) => chosen.has(info.name),
    (x, base, info, ctx) => {
      const y = base(x);
      if (merged) return y;
      const { a, b } = weights.get(info.name)!;
      const input = ctx.training && cfg.lora_dropout > 0 ? tf.dropout(x, cfg.lora_dropout, undefined, dropoutRng.int(2 ** 31)) : x;
      let update = tf.mul(tf.matMul(tf.matMul(input, a as tf.Tensor2D), b as tf.Tensor2D), scaling); // [N, in]·[in, r]·[r, out]
      if (opts.gate) update = tf.mul(update, opts.gate(x, info)); // [N, out] ⊙ [N, 1]
      return tf.add(y, update) as tf.Tensor2D;
    },
    owner,
  );

  /** W (stored [in, out]) ± Aᵀ Bᵀ · scaling, the transpose of HF's W ± B A · scaling. */
  const fold = (sign: 1 | -1) => {
    for (const layer of layers) {
      const w = model.params.get(layer.baseWeight).variable;
      const { a, b } = weights.get(layer.module)!;
      const next = tf.tidy(() => tf.add(w, tf.mul(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), sign * scaling)));
      w.assign(next);
      next.dispose();
    }
  };

  return {
    layers,
    scaling,
    parameterNames: layers.flatMap((l) => [l.a, l.b]),
    get merged() {
      return merged;
    },
    merge() {
      if (opts.gate) throw new Error('a gated LoRA module cannot be merged: its gate depends on the input');
      if (merged) return;
      fold(1);
      merged = true;
    },
    unmerge() {
      if (!merged) return;
      fold(-1);
      merged = false;
    },
    remove() {
      this.unmerge();
      model.hooks.removeOwner(owner);
      for (const layer of layers) {
        model.params.remove(layer.a);
        model.params.remove(layer.b);
      }
    },
  };
}

function uniformInit(fanIn: number, seed: number): (shape: number[]) => tf.Tensor {
  const bound = 1 / Math.sqrt(fanIn);
  return (shape) => tf.randomUniform(shape, -bound, bound, 'float32', seed);
}

function register(model: PreTrainedModel, name: string, shape: number[], init: (shape: number[]) => tf.Tensor, owner: string): tf.Variable {
  const value = init(shape);
  const variable = tf.variable(value, true, `${name.replace(/[^A-Za-z0-9_./-]/g, '_')}_${Math.random().toString(36).slice(2, 8)}`);
  value.dispose();
  // A and B are 2-D: the registry's default puts them under weight decay, as HF's Trainer does.
  model.params.add({ name, variable, trainable: true, owner, transposed: true });
  return variable;
}
