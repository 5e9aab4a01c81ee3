/**
 * PASTA (Yang et al. 2023, §3): before the self-attention of every layer l, the hidden state of each special token
 * is shifted by a trainable vector, the rest left alone:
 *   H(l) ← H(l) + M(l),   M(l)_i = e(l)_{v(i)} if token i is the v(i)-th special token of its sequence, else 0,
 * e(l)_k ∈ R^d initialised to 0 (a fresh adapter is the identity). Layer 0's input is the embedding output (core's
 * `embeddings.output`), layer l's the output of layer l-1 (`layer.output`). Which positions are special is read from
 * the input ids through core's `transformInput` hook (the input passes through unchanged). Backbone frozen; the
 * classification head trains.
 */
import * as tf from '@tensorflow/tfjs-core';
import { paramsAdapterIO, type AppliedMethod, type HfConfig, type ModelInput, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { peftTaskType, trainsHead } from '@peftbench/method-full-ft';
import { hfModulesToSave } from '@peftbench/method-lora';
import { InputError } from '@peftbench/util';
import type { PastaConfig } from './config.ts';

export const PASTA_SOURCE = "method 'pasta' config";

/** Registry name of layer l's vectors, [numVectors, d]. */
export const pastaParamName = (layer: number) => `pasta.layer.${layer}.special`;

/** The special-token ids: the option, else config.json's bos/eos/cls/sep_token_id. */
export function specialTokenIds(cfg: PastaConfig, hfConfig: HfConfig): number[] {
  if (cfg.specialTokenIds) return cfg.specialTokenIds;
  const ids = ['bos_token_id', 'eos_token_id', 'cls_token_id', 'sep_token_id'].map((k) => hfConfig[k]).filter((v): v is number => typeof v === 'number');
  if (ids.length === 0) throw new InputError(`${PASTA_SOURCE} [specialTokenIds]: required, config.json names no bos/eos/cls/sep_token_id for this ${hfConfig.model_type} model`);
  return [...new Set(ids)];
}

/**
 * Slot of every position: [B·T] with the index v(i) of a special token among the special tokens of its row
 * (0 = first), or -1 for ordinary tokens, padding and special tokens past `numVectors`.
 */
export function specialSlots(input: Pick<ModelInput, 'inputIds' | 'attentionMask'>, special: Set<number>, numVectors: number): Int32Array {
  const B = input.inputIds.length;
  const T = input.inputIds[0].length;
  const slots = new Int32Array(B * T).fill(-1);
  for (let b = 0; b < B; b++) {
    let k = 0;
    for (let t = 0; t < T; t++) {
      if (!input.attentionMask[b][t] || !special.has(input.inputIds[b][t])) continue;
      if (k < numVectors) slots[b * T + t] = k;
      k++;
    }
  }
  return slots;
}

export function applyPasta(model: PreTrainedModel, cfg: PastaConfig, task: TaskSpec): AppliedMethod {
  if (model.causal) throw new InputError(`${PASTA_SOURCE}: PASTA adapts the special tokens of encoders; this ${model.config.model_type} model is a causal decoder`);
  const special = new Set(specialTokenIds(cfg, model.config));
  for (const p of model.params.all()) {
    if (p.owner === 'base') p.trainable = false;
    else if (p.owner === 'head') p.trainable = trainsHead(task.kind);
  }
  const D = model.hiddenSize;
  const K = cfg.numVectors;
  // The encoder's layers (T5: the encoder stack only, blocks 0..E-1; the special tokens are in the encoder input)
  const L = (model as { numEncoderLayers?: number }).numEncoderLayers ?? model.numLayers;
  const vectors: tf.Variable[] = [];
  for (let l = 0; l < L; l++) {
    const init = tf.zeros([K, D]);
    const name = pastaParamName(l);
    const v = tf.variable(init, true, `${name}_${Math.random().toString(36).slice(2, 8)}`);
    init.dispose();
    model.params.add({ name, variable: v, trainable: true, owner: 'pasta', decay: false });
    vectors.push(v);
  }
  // One-hot slot matrix of the current forward, [B·T, K]; set by the input transform, read by the tensor hooks.
  let slots: { B: number; T: number; data: Float32Array } | null = null;
  model.hooks.transformInput((input) => {
    const s = specialSlots(input, special, K);
    const B = input.inputIds.length;
    const T = input.inputIds[0].length;
    const data = new Float32Array(B * T * K);
    s.forEach((k, i) => k >= 0 && (data[i * K + k] = 1));
    slots = { B, T, data };
    return input;
  }, 'pasta');
  const shift = (h: tf.Tensor, layer: number): tf.Tensor => {
    if (!slots) throw new Error('PASTA: hook ran before the input transform');
    const { B, T, data } = slots;
    if (h.shape[0] !== B || h.shape[1] !== T) throw new Error(`PASTA: hidden state [${h.shape}] does not match the input [${B}, ${T}]`);
    const onehot = tf.tensor2d(data, [B * T, K]);
    return tf.add(h, tf.matMul(onehot, vectors[layer]).reshape([B, T, D])); // + e(l)_{v(i)} on special tokens
  };
  model.hooks.on('embeddings.output', (h, ctx) => (ctx.causal ? h : shift(h, 0)), { owner: 'pasta' }); // T5's decoder embeddings: causal
  if (L > 1) {
    model.hooks.on('layer.output', (h, ctx) => shift(h, ctx.layer + 1), { owner: 'pasta', layers: Array.from({ length: L - 1 }, (_, i) => i) });
  }
  const heads = model.params.all().filter((p) => p.owner === 'head' && p.trainable).map((p) => p.name);
  const names = [...vectors.map((_, l) => pastaParamName(l)), ...heads];
  return {
    ...paramsAdapterIO(model, () => names),
    adapterConfig() {
      return {
        peft_type: 'PASTA', // HF PEFT has no PASTA type
        num_vectors: K,
        special_token_ids: [...special],
        hidden_size: D,
        num_layers: L,
        task_type: peftTaskType(task.kind),
        modules_to_save: hfModulesToSave(heads),
        base_model_name_or_path: (model.config._name_or_path as string | undefined) ?? null,
      };
    },
  };
}
