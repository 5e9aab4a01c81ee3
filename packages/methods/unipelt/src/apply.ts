/**
 * UniPELT (Mao et al. 2022, §3): LoRA, prefix tuning and a sequential bottleneck adapter in every layer, each
 * scaled by a learned gate in (0, 1):
 *   LoRA     h = x W + G_L ⊙ (x Aᵀ Bᵀ)·α/r,        G_L = σ(x W_GL + b_GL)          per token, x = the Linear's input
 *   prefix   [P_K, P_V] ← G_P · [P_K, P_V],        G_P = mean_t σ(x_t W_GP + b_GP)  per sequence, x = the layer's input
 *   adapter  h_F ← h_F + G_A ⊙ A(h_F ...),          G_A = σ(h_F W_GA + b_GA)        per token, h_F = the FFN output
 * Built from the sub-modules' own packages (composition, not copies): `applyLora` with its `gate` option,
 * `applyPrefix` with its `transform` option, and `applyAdapter` (AdapterHub's Pfeiffer placement, after the FFN)
 * whose added term is gated by a hook pair around it on core's 'ffn.output' point. Gates are Linear(d, 1) per layer
 * and sub-module with torch's default init. Backbone frozen; the classification head trains.
 */
import * as tf from '@tensorflow/tfjs-core';
import { paramsAdapterIO, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { applyAdapter, VARIANTS } from '@peftbench/method-adapter';
import { peftTaskType, trainsHead } from '@peftbench/method-full-ft';
import { applyLora, hfModulesToSave } from '@peftbench/method-lora';
import { applyPrefix } from '@peftbench/method-prefix-tuning';
import { InputError } from '@peftbench/util';
import type { UnipeltConfig, UnipeltSubmodule } from './config.ts';

export const UNIPELT_SOURCE = "method 'unipelt' config";
export const OWNER = 'unipelt';

/** Registry name of a gate's weight / bias: `unipelt.layer.<l>.gate_<lora|prefix|adapter>.weight` ([1, d] in HF layout). */
export const gateParamName = (layer: number, kind: UnipeltSubmodule, tensor: 'weight' | 'bias') => `unipelt.layer.${layer}.gate_${kind}.${tensor}`;

export interface Gate {
  w: tf.Variable; // [d, 1]
  b: tf.Variable; // [1]
}

/** σ(x W_G + b_G) for x [..., d] → [..., 1]. */
export function gateValue(g: Gate, x: tf.Tensor): tf.Tensor {
  const d = x.shape[x.shape.length - 1];
  const lead = x.shape.slice(0, -1);
  return tf.sigmoid(tf.add(tf.matMul(x.reshape([-1, d]) as tf.Tensor2D, g.w as tf.Tensor2D), g.b)).reshape([...lead, 1]);
}

export function applyUnipelt(model: PreTrainedModel, cfg: UnipeltConfig, task: TaskSpec): AppliedMethod & { gates: Map<string, Gate> } {
  if (model.causal) throw new InputError(`${UNIPELT_SOURCE}: UniPELT is defined for encoders (GLUE); this ${model.config.model_type} model is a causal decoder`);
  if (cfg.lora.bias !== 'none') throw new InputError(`${UNIPELT_SOURCE} [lora.bias]: only 'none' (UniPELT trains LoRA's A and B alone)`);
  if (cfg.lora.modules_to_save) throw new InputError(`${UNIPELT_SOURCE} [lora.modules_to_save]: not used by UniPELT (the head trains as a whole)`);
  const on = new Set(cfg.submodules);
  for (const p of model.params.all()) {
    if (p.owner === 'base') p.trainable = false;
    else if (p.owner === 'head') p.trainable = trainsHead(task.kind);
  }
  const D = model.hiddenSize;
  const L = model.numLayers;
  const names: string[] = [];

  // Gates: Linear(d, 1) per layer and sub-module, torch's default init U(±1/√d).
  const gates = new Map<string, Gate>();
  if (cfg.gates) {
    const bound = 1 / Math.sqrt(D);
    for (const kind of cfg.submodules) {
      for (let l = 0; l < L; l++) {
        const make = (tensor: 'weight' | 'bias', shape: number[]) => {
          const name = gateParamName(l, kind, tensor);
          const init = tf.randomUniform(shape, -bound, bound, 'float32', model.nextInitSeed());
          const v = tf.variable(init, true, `${name}_${Math.random().toString(36).slice(2, 8)}`);
          init.dispose();
          model.params.add({ name, variable: v, trainable: true, owner: OWNER, transposed: tensor === 'weight', decay: tensor === 'weight' });
          names.push(name);
          return v;
        };
        gates.set(`${kind}:${l}`, { w: make('weight', [D, 1]), b: make('bias', [1]) });
      }
    }
  }
  const gate = (kind: UnipeltSubmodule, layer: number) => gates.get(`${kind}:${layer}`)!;

  if (on.has('lora')) {
    const lora = applyLora(model, cfg.lora, { owner: `${OWNER}-lora`, gate: cfg.gates ? (x, info) => gateValue(gate('lora', info.layer), x) : undefined });
    names.push(...lora.parameterNames);
  }

  if (on.has('prefix')) {
    // The layer's input x (the embeddings for layer 0, layer l-1's output otherwise), kept for the prefix gate.
    const layerInput = new Map<number, tf.Tensor>();
    if (cfg.gates) {
      // T5: the decoder's embeddings (ctx.causal) are the input of its first block, global layer E
      const firstDecoderLayer = (model as { numEncoderLayers?: number }).numEncoderLayers;
      model.hooks.on('embeddings.output', (h, ctx) => (layerInput.set(firstDecoderLayer !== undefined && ctx.causal ? firstDecoderLayer : 0, h), h), { owner: OWNER });
      model.hooks.on('layer.output', (h, ctx) => (layerInput.set(ctx.layer + 1, h), h), { owner: OWNER });
    }
    const prefix = applyPrefix(model, cfg.prefix, {
      owner: `${OWNER}-prefix`,
      namePrefix: `${OWNER}.prefix`,
      transform: cfg.gates
        ? (kv, ctx) => {
            const x = layerInput.get(ctx.layer);
            if (!x) throw new Error(`UniPELT: no input seen for layer ${ctx.layer}`);
            const mask = ctx.attentionMask.toFloat().expandDims(-1); // [B, T, 1]
            const g = tf.div(tf.sum(tf.mul(gateValue(gate('prefix', ctx.layer), x), mask), 1), tf.sum(mask, 1)); // [B, 1]: mean over real tokens
            const g4 = g.reshape([-1, 1, 1, 1]);
            return { key: tf.mul(kv.key, g4), value: tf.mul(kv.value, g4) };
          }
        : undefined,
    });
    names.push(...prefix.parameterNames);
  }

  if (on.has('adapter')) {
    // h_F (the FFN output before the adapter) is kept by a hook installed before the adapter's, and the adapter's
    // added term y - h_F is gated by one installed after it: h_F + G_A ⊙ (y - h_F).
    const ffnOut = new Map<number, tf.Tensor>();
    if (cfg.gates) model.hooks.on('ffn.output', (f, ctx) => (ffnOut.set(ctx.layer, f), f), { owner: OWNER });
    const adapter = applyAdapter(VARIANTS.pfeiffer, model, cfg.adapter, task, { owner: `${OWNER}-adapter` });
    if (cfg.gates) {
      model.hooks.on(
        'ffn.output',
        (y, ctx) => {
          const f = ffnOut.get(ctx.layer)!;
          ffnOut.delete(ctx.layer);
          return tf.add(f, tf.mul(gateValue(gate('adapter', ctx.layer), f), tf.sub(y, f)));
        },
        { owner: OWNER },
      );
    }
    names.push(...adapter.savedNames().filter((n) => model.params.get(n).owner !== 'head'));
  }

  const heads = model.params.all().filter((p) => p.owner === 'head' && p.trainable).map((p) => p.name);
  const saved = [...new Set([...names, ...heads])];
  return {
    gates,
    ...paramsAdapterIO(model, () => saved),
    adapterConfig() {
      return {
        peft_type: 'UNIPELT', // HF PEFT has no UniPELT type
        submodules: cfg.submodules,
        gates: cfg.gates,
        lora: cfg.lora,
        prefix: cfg.prefix,
        adapter: cfg.adapter,
        hidden_size: D,
        num_layers: L,
        task_type: peftTaskType(task.kind),
        modules_to_save: hfModulesToSave(heads),
        base_model_name_or_path: (model.config._name_or_path as string | undefined) ?? null,
      };
    },
  };
}
