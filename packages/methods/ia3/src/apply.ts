/**
 * (IA)3 (Liu et al. 2022, §3.3): learned vectors rescale the keys, the values and the FFN's intermediate
 * activations of every layer,
 *   softmax(Q (l_k ⊙ K)ᵀ / √d_k) (l_v ⊙ V),     (l_ff ⊙ γ(W1 x)) W2,
 * as HF PEFT's IA3 layers do it: for a targeted Linear y = x W + b,
 *   attention targets (vector [out, 1]):   y' = (x W + b) ⊙ l      (l_k, l_v: the key / value projections)
 *   feedforward targets (vector [1, in]):  y' = (x ⊙ l) W + b      (l_ff: the input of the FFN down-projection)
 * installed through core's `wrapLinear`. Vectors start at 1 (identity). `merge()` folds them into W (and into b for
 * attention targets); `unmerge()` divides them out again. Backbone frozen; the classification head trains.
 */
import * as tf from '@tensorflow/tfjs-core';
import { paramsAdapterIO, seededRandomNormal, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { peftTaskType, trainsHead } from '@peftbench/method-full-ft';
import { hfModulesToSave } from '@peftbench/method-lora';
import type { Ia3Config } from './config.ts';
import { resolvedModules, savedByModules, selectIa3Targets, type Ia3Target } from './target.ts';

export interface Ia3Module {
  readonly targets: Ia3Target[];
  /** Registry names of the vectors: `<module>.ia3_l` (HF PEFT's key without the adapter name). */
  readonly parameterNames: string[];
  readonly merged: boolean;
  merge(): void;
  unmerge(): void;
  remove(): void;
}

export const ia3ParamName = (module: string) => `${module}.ia3_l`;

/** The reusable piece: vectors on the targeted Linears, registered under `owner`. */
export function applyIa3Vectors(model: PreTrainedModel, cfg: Ia3Config, opts: { owner?: string } = {}): Ia3Module {
  const owner = opts.owner ?? 'ia3';
  const targets = selectIa3Targets(model.linearLayers(), cfg, model.config.model_type);
  const vectors = new Map<string, { target: Ia3Target; l: tf.Variable }>();
  for (const target of targets) {
    const shape = target.feedforward ? [1, target.inFeatures] : [target.outFeatures, 1]; // HF PEFT's layout
    const init = cfg.init_ia3_weights ? tf.ones(shape) : seededRandomNormal(shape, 0, 1, model.nextInitSeed());
    const name = ia3ParamName(target.module);
    const l = tf.variable(init, true, `${name.replace(/[^A-Za-z0-9_./-]/g, '_')}_${Math.random().toString(36).slice(2, 8)}`);
    init.dispose();
    // A scaling vector around 1: no weight decay (decay would pull it towards 0, i.e. switch the site off).
    model.params.add({ name, variable: l, trainable: true, owner, decay: false });
    vectors.set(target.module, { target, l });
  }
  let merged = false;
  model.hooks.wrapLinear(
    (info) => vectors.has(info.name),
    (x, base, info) => {
      if (merged) return base(x);
      const { target, l } = vectors.get(info.name)!;
      if (target.feedforward) return base(tf.mul(x, l) as tf.Tensor2D); // [N, in] ⊙ [1, in]
      return tf.mul(base(x), l.reshape([1, target.outFeatures])) as tf.Tensor2D; // [N, out] ⊙ [1, out]
    },
    owner,
  );
  /** W is stored [in, out] for every Linear (GPT-2's Conv1D too): scale its columns (attention) or rows (feedforward). */
  const fold = (op: 'mul' | 'div') => {
    for (const { target, l } of vectors.values()) {
      const w = model.params.get(`${target.module}.weight`).variable;
      const bias = model.params.tryGet(`${target.module}.bias`)?.variable;
      const f = (a: tf.Tensor, b: tf.Tensor) => (op === 'mul' ? tf.mul(a, b) : tf.div(a, b));
      const nextW = tf.tidy(() => f(w, target.feedforward ? l.reshape([target.inFeatures, 1]) : l.reshape([1, target.outFeatures])));
      w.assign(nextW);
      nextW.dispose();
      if (bias && !target.feedforward) {
        const nextB = tf.tidy(() => f(bias, l.reshape([target.outFeatures])));
        bias.assign(nextB);
        nextB.dispose();
      }
    }
  };
  return {
    targets,
    parameterNames: targets.map((t) => ia3ParamName(t.module)),
    get merged() {
      return merged;
    },
    merge() {
      if (merged) return;
      fold('mul');
      merged = true;
    },
    unmerge() {
      if (!merged) return;
      fold('div');
      merged = false;
    },
    remove() {
      this.unmerge();
      model.hooks.removeOwner(owner);
      for (const n of this.parameterNames) model.params.remove(n);
    },
  };
}

/** Whether a base / head parameter trains (and is saved) besides the vectors. */
export function ia3TrainsExtra(p: { name: string; owner: string }, cfg: Pick<Ia3Config, 'modules_to_save'>, task: TaskSpec): boolean {
  if (cfg.modules_to_save) return savedByModules(p.name, cfg.modules_to_save);
  return p.owner === 'head' && trainsHead(task.kind);
}

export function applyIa3(model: PreTrainedModel, cfg: Ia3Config, task: TaskSpec): AppliedMethod & { ia3: Ia3Module } {
  resolvedModules(cfg, model.config.model_type); // config errors before anything is installed
  for (const p of model.params.all()) if (p.owner === 'base' || p.owner === 'head') p.trainable = ia3TrainsExtra(p, cfg, task);
  const ia3 = applyIa3Vectors(model, cfg);
  const extra = model.params.all().filter((p) => (p.owner === 'base' || p.owner === 'head') && p.trainable).map((p) => p.name);
  const names = [...ia3.parameterNames, ...extra];
  const io = paramsAdapterIO(model, () => names);
  const { target_modules, feedforward_modules } = resolvedModules(cfg, model.config.model_type);
  return {
    ia3,
    adapterTensors: io.adapterTensors,
    loadAdapterTensors(tensors, file) {
      // New vectors under merged weights would leave the old ones folded in: load unmerged, then restore.
      const wasMerged = ia3.merged;
      ia3.unmerge();
      io.loadAdapterTensors(tensors, file);
      if (wasMerged) ia3.merge();
    },
    adapterConfig() {
      // Only fields HF PEFT 0.7.1's IA3Config has (every supported version loads it; see @peftbench/method-lora hf-peft-fields.ts).
      return {
        auto_mapping: null,
        base_model_name_or_path: cfg.base_model_name_or_path ?? (model.config._name_or_path as string | undefined) ?? null,
        fan_in_fan_out: model.config.model_type === 'gpt2', // Conv1D stores W as [in, out]; HF PEFT sets it for GPT-2
        feedforward_modules,
        inference_mode: true,
        init_ia3_weights: cfg.init_ia3_weights,
        modules_to_save: cfg.modules_to_save ?? hfModulesToSave(extra),
        peft_type: 'IA3',
        revision: null,
        target_modules,
        task_type: peftTaskType(task.kind),
      };
    },
    merge: () => ia3.merge(),
    unmerge: () => ia3.unmerge(),
  };
}

