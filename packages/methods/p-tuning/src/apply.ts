/**
 * P-tuning v1 (Liu et al. 2021, §3): virtual tokens whose embeddings come from a prompt encoder over trainable
 * inputs E ∈ R^{P × d}: h = MLP(BiLSTM(E)) (the paper, eq. 3) or a 3-layer MLP (HF PEFT's default), with HF PEFT's
 * shapes (PromptEncoder): LSTM(d → h, bidirectional, encoder_num_layers) then Linear(2h → 2h)·ReLU·Linear(2h → d);
 * MLP: Linear(d → h)·ReLU·Linear(h → h)·ReLU·Linear(h → d). The virtual tokens go in front of the input as in
 * prompt tuning (@peftbench/method-prompt-tuning's installVirtualTokens). Saved as HF PEFT P_TUNING: the encoder's
 * output [P, d] as `prompt_embeddings`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRandomNormal, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import {
  checkPositionBudget,
  checkShape,
  freezeBackbone,
  headTensors,
  loadPromptLearningTensors,
  modelDims,
  promptLearningConfig,
  PROMPT_EMBEDDINGS_KEY,
} from '@peftbench/method-prefix-tuning';
import { installVirtualTokens } from '@peftbench/method-prompt-tuning';
import { Rng } from '@peftbench/util';
import type { PTuningConfig } from './config.ts';

export const PTUNING_OWNER = 'p-tuning';
const SOURCE = "method 'p-tuning' config";

export interface PromptEncoder {
  parameterNames: string[];
  /** [P, d]: the virtual-token embeddings (dropout between LSTM layers only when training). */
  output(training: boolean): tf.Tensor2D;
  /** Use this output from now on (a loaded adapter); the encoder stops training. */
  setOutput(t: { shape: number[]; data: Float32Array }, file: string, key: string): void;
}

/** One direction of one torch LSTM layer over [P, in] (gates i, f, g, o; c' = f·c + i·g; h' = o·tanh c'). */
function lstmPass(x: tf.Tensor2D, wih: tf.Tensor, whh: tf.Tensor, bih: tf.Tensor, bhh: tf.Tensor, h: number, reverse: boolean): tf.Tensor2D {
  const P = x.shape[0];
  const xs = tf.add(tf.add(tf.matMul(x, wih as tf.Tensor2D), bih), bhh); // [P, 4h]
  let hs: tf.Tensor2D = tf.zeros([1, h]);
  let cs: tf.Tensor2D = tf.zeros([1, h]);
  const out: tf.Tensor2D[] = new Array(P);
  for (let k = 0; k < P; k++) {
    const t = reverse ? P - 1 - k : k;
    const g = tf.add(tf.slice(xs, [t, 0], [1, 4 * h]), tf.matMul(hs, whh as tf.Tensor2D));
    const [i, f, c, o] = tf.split(g, 4, 1);
    cs = tf.add(tf.mul(tf.sigmoid(f), cs), tf.mul(tf.sigmoid(i), tf.tanh(c)));
    hs = tf.mul(tf.sigmoid(o), tf.tanh(cs));
    out[t] = hs;
  }
  return tf.concat(out, 0);
}

export function applyPromptEncoder(model: PreTrainedModel, cfg: PTuningConfig, opts: { owner?: string; namePrefix?: string } = {}): PromptEncoder {
  const owner = opts.owner ?? PTUNING_OWNER;
  const base = opts.namePrefix ?? 'ptuning';
  const d = modelDims(model);
  const P = cfg.numVirtualTokens;
  const D = d.hidden;
  const h = cfg.encoderHiddenSize ?? D;
  const names: string[] = [];
  const vars = new Map<string, tf.Variable>();
  const add = (name: string, value: tf.Tensor, transposed = false) => {
    const full = `${base}.${name}`;
    const variable = tf.variable(value, true, `${full.replace(/[^A-Za-z0-9_./-]/g, '_')}_${Math.random().toString(36).slice(2, 8)}`);
    value.dispose();
    model.params.add({ name: full, variable, trainable: true, owner, transposed });
    names.push(full);
    vars.set(name, variable);
  };
  // torch init: Embedding N(0, 1); Linear and LSTM U(-1/√fan, 1/√fan) (LSTM: fan = hidden size)
  const uniform = (shape: number[], fan: number) => tf.randomUniform(shape, -1 / Math.sqrt(fan), 1 / Math.sqrt(fan), 'float32', model.nextInitSeed());
  const linear = (name: string, inF: number, outF: number) => {
    add(`${name}.weight`, uniform([inF, outF], inF), true);
    add(`${name}.bias`, uniform([outF], inF));
  };
  add('embedding.weight', seededRandomNormal([P, D], 0, 1, model.nextInitSeed()));
  const v = (n: string) => vars.get(n)!;
  let encode: (training: boolean) => tf.Tensor2D;
  if (cfg.inferenceMode) {
    encode = () => v('embedding.weight') as unknown as tf.Tensor2D;
  } else if (cfg.encoderReparameterizationType === 'MLP') {
    linear('mlp_head.0', D, h);
    linear('mlp_head.2', h, h);
    linear('mlp_head.4', h, D);
    const lin = (x: tf.Tensor, n: string) => tf.add(tf.matMul(x as tf.Tensor2D, v(`${n}.weight`) as tf.Tensor2D), v(`${n}.bias`));
    encode = () => lin(tf.relu(lin(tf.relu(lin(v('embedding.weight'), 'mlp_head.0')), 'mlp_head.2')), 'mlp_head.4') as tf.Tensor2D;
  } else {
    for (let l = 0; l < cfg.encoderNumLayers; l++) {
      const inF = l === 0 ? D : 2 * h;
      for (const sfx of ['', '_reverse']) {
        add(`lstm_head.weight_ih_l${l}${sfx}`, uniform([inF, 4 * h], h), true);
        add(`lstm_head.weight_hh_l${l}${sfx}`, uniform([h, 4 * h], h), true);
        add(`lstm_head.bias_ih_l${l}${sfx}`, uniform([4 * h], h));
        add(`lstm_head.bias_hh_l${l}${sfx}`, uniform([4 * h], h));
      }
    }
    linear('mlp_head.0', 2 * h, 2 * h);
    linear('mlp_head.2', 2 * h, D);
    const rng = new Rng(model.nextInitSeed());
    encode = (training) => {
      let x = v('embedding.weight') as unknown as tf.Tensor2D;
      for (let l = 0; l < cfg.encoderNumLayers; l++) {
        const pass = (sfx: string, reverse: boolean) =>
          lstmPass(x, v(`lstm_head.weight_ih_l${l}${sfx}`), v(`lstm_head.weight_hh_l${l}${sfx}`), v(`lstm_head.bias_ih_l${l}${sfx}`), v(`lstm_head.bias_hh_l${l}${sfx}`), h, reverse);
        x = tf.concat([pass('', false), pass('_reverse', true)], 1);
        if (training && cfg.encoderDropout > 0 && l < cfg.encoderNumLayers - 1) x = tf.dropout(x, cfg.encoderDropout, undefined, rng.int(2 ** 31)) as tf.Tensor2D;
      }
      const z = tf.relu(tf.add(tf.matMul(x, v('mlp_head.0.weight') as tf.Tensor2D), v('mlp_head.0.bias')));
      return tf.add(tf.matMul(z as tf.Tensor2D, v('mlp_head.2.weight') as tf.Tensor2D), v('mlp_head.2.bias')) as tf.Tensor2D;
    };
  }
  let loaded: tf.Variable | undefined;
  return {
    parameterNames: names,
    output: (training) => (loaded ? (loaded as unknown as tf.Tensor2D) : encode(training)),
    setOutput(t, file, key) {
      checkShape(file, key, t.shape, [P, D], `num_virtual_tokens ${P} × token_dim ${D}`);
      const value = tf.tensor2d(t.data, [P, D], 'float32');
      if (cfg.inferenceMode) {
        v('embedding.weight').assign(value);
        value.dispose();
        return;
      }
      if (loaded) loaded.assign(value);
      else loaded = tf.variable(value, false);
      value.dispose();
      for (const n of names) model.params.get(n).trainable = false;
    },
  };
}

export function applyPTuning(model: PreTrainedModel, cfg: PTuningConfig, task: TaskSpec): AppliedMethod {
  checkPositionBudget(modelDims(model), cfg.numVirtualTokens, SOURCE);
  const heads = freezeBackbone(model, task);
  const enc = applyPromptEncoder(model, cfg);
  installVirtualTokens(model, cfg.numVirtualTokens, (training) => enc.output(training), PTUNING_OWNER);
  const D = modelDims(model).hidden;
  return {
    adapterConfig: () =>
      promptLearningConfig(model, task, 'P_TUNING', cfg.numVirtualTokens, {
        encoder_dropout: cfg.encoderDropout,
        encoder_hidden_size: cfg.encoderHiddenSize ?? D,
        encoder_num_layers: cfg.encoderNumLayers,
        encoder_reparameterization_type: cfg.encoderReparameterizationType,
      }),
    adapterTensors: () => new Map([[PROMPT_EMBEDDINGS_KEY, tf.tidy(() => tf.clone(enc.output(false))) as tf.Tensor], ...headTensors(model, heads)]),
    loadAdapterTensors: (tensors, file) =>
      loadPromptLearningTensors(model, heads, [PROMPT_EMBEDDINGS_KEY], tensors, file, (key, t) => {
        if (key !== PROMPT_EMBEDDINGS_KEY) return false;
        enc.setOutput(t, file, key);
        return true;
      }),
  };
}
