/**
 * A minimal Pfeiffer bottleneck adapter (Pfeiffer et al. 2020, "AdapterFusion"; the module ID3+adapter
 * sparsifies in the ID3 paper's Table 3): one adapter per layer on the FFN output, before dropout,
 * residual and LayerNorm:  f ← f + (ReLU(f W_down + b_down)) W_up + b_up,  W_down [d, m], m = d / reduction.
 * Weights are drawn from N(0, 0.01²) with a recorded seed (so a sparse fine-tune of the adapter can be
 * stored as seed + chosen entries), biases start at 0.
 *
 * Deviation: adapter-transformers' Pfeiffer config also re-uses the layer's LayerNorms around the
 * adapter; this minimal module has none (no parameters beyond the bottleneck). Written here because no
 * adapter package exists in the repo yet.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRandomNormal, type Parameter, type PreTrainedModel } from '@peftbench/core';

export const PFEIFFER_OWNER = 'pfeiffer';
export const ADAPTER_INIT_STD = 0.01;

export interface PfeifferShape {
  hiddenSize: number;
  numLayers: number;
  reductionFactor: number;
}

export function bottleneckSize(hiddenSize: number, reductionFactor: number): number {
  return Math.max(1, Math.floor(hiddenSize / reductionFactor));
}

/** Scalars of the dense adapter: L · (d·m + m + m·d + d). */
export function pfeifferParamCount(s: PfeifferShape): number {
  const d = s.hiddenSize;
  const m = bottleneckSize(d, s.reductionFactor);
  return s.numLayers * (2 * d * m + m + d);
}

const names = (i: number) => ({
  down: `adapter.layer.${i}.down.weight`,
  downBias: `adapter.layer.${i}.down.bias`,
  up: `adapter.layer.${i}.up.weight`,
  upBias: `adapter.layer.${i}.up.bias`,
});

/** Add the adapter's parameters and hook; returns its parameters in a fixed order. */
export function addPfeifferAdapter(model: PreTrainedModel, reductionFactor: number, seed: number): Parameter[] {
  const d = model.hiddenSize;
  const m = bottleneckSize(d, reductionFactor);
  const out: Parameter[] = [];
  for (let i = 0; i < model.numLayers; i++) {
    const n = names(i);
    const mk = (name: string, value: tf.Tensor) => out.push(model.params.add({ name, variable: tf.variable(value, true, `${name}_${Math.random().toString(36).slice(2, 8)}`), trainable: true, owner: PFEIFFER_OWNER }));
    mk(n.down, tf.zeros([d, m]));
    mk(n.downBias, tf.zeros([m]));
    mk(n.up, tf.zeros([m, d]));
    mk(n.upBias, tf.zeros([d]));
  }
  initPfeiffer(model, seed);
  model.hooks.on(
    'ffn.output',
    (f, ctx) => {
      const n = names(ctx.layer);
      const v = (k: string) => model.params.get(k).variable;
      const [B, T] = f.shape;
      const x = f.reshape([-1, d]) as tf.Tensor2D;
      const h = tf.relu(tf.add(tf.matMul(x, v(n.down) as tf.Tensor2D), v(n.downBias)));
      return tf.add(f, tf.add(tf.matMul(h as tf.Tensor2D, v(n.up) as tf.Tensor2D), v(n.upBias)).reshape([B, T, d]));
    },
    { owner: PFEIFFER_OWNER },
  );
  return out;
}

/** (Re)draw the adapter's weights from `seed` (deterministic: the same seed gives the same weights). */
export function initPfeiffer(model: PreTrainedModel, seed: number): void {
  for (let i = 0; i < model.numLayers; i++) {
    const n = names(i);
    tf.tidy(() => {
      const down = model.params.get(n.down).variable;
      const up = model.params.get(n.up).variable;
      down.assign(seededRandomNormal(down.shape, 0, ADAPTER_INIT_STD, seed + 2 * i));
      up.assign(seededRandomNormal(up.shape, 0, ADAPTER_INIT_STD, seed + 2 * i + 1));
      model.params.get(n.downBias).variable.assign(tf.zeros([down.shape[1] as number]));
      model.params.get(n.upBias).variable.assign(tf.zeros([up.shape[1] as number]));
    });
  }
}
