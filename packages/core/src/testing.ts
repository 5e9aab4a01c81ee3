/** Test helpers shared by packages that build on core. */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from './backend/index.ts';
import type { PreTrainedModel } from './models/base.ts';

export * from './testing-fixtures.ts';

/**
 * The backend tests run on: PEFTBENCH_BACKEND if set, else wasm (deterministic and present on every
 * machine; tfjs-node would be picked first by initBackend where it installs).
 */
export async function initBackendForTests(): Promise<void> {
  await initBackend({ backend: (process.env.PEFTBENCH_BACKEND as 'wasm' | undefined) ?? 'wasm' });
}

/** A tiny RoBERTa-shaped config for fast tests (not a real checkpoint). */
export function tinyEncoderConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> & { model_type: string } {
  return {
    model_type: 'roberta',
    vocab_size: 40,
    hidden_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 32,
    max_position_embeddings: 34,
    type_vocab_size: 1,
    layer_norm_eps: 1e-5,
    pad_token_id: 1,
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    num_labels: 2,
    ...overrides,
  };
}

/**
 * A learnable toy task: label 1 iff token 7 occurs. Sequences of 4-8 ids in [3, 40), <s>=0 … </s>=2, pad 1.
 */
export function toyBatches(seed: number, count: number, batchSize: number): { inputIds: number[][]; attentionMask: number[][]; labels: number[] }[] {
  let s = seed * 9301 + 49297;
  const rand = () => ((s = (s * 9301 + 49297) % 233280) / 233280);
  const out = [];
  for (let b = 0; b < count; b++) {
    const rows = Array.from({ length: batchSize }, (_, i) => {
      const len = 4 + Math.floor(rand() * 5);
      const positive = (b + i) % 2 === 0;
      const ids = Array.from({ length: len }, () => 8 + Math.floor(rand() * 32));
      if (positive) ids[Math.floor(rand() * len)] = 7;
      return { ids: [0, ...ids, 2], label: positive ? 1 : 0 };
    });
    const T = Math.max(...rows.map((r) => r.ids.length));
    out.push({
      inputIds: rows.map((r) => [...r.ids, ...Array(T - r.ids.length).fill(1)]),
      attentionMask: rows.map((r) => r.ids.map(() => 1).concat(Array(T - r.ids.length).fill(0))),
      labels: rows.map((r) => r.label),
    });
  }
  return out;
}

/**
 * A RED-like method for tests: the backbone frozen, a trainable scale vector on every layer's FFN output
 * (`scale.<layer>`, owner 'test'). Returns the model.
 */
export function addScaleVectors<M extends PreTrainedModel>(model: M): M {
  model.params.setTrainable((p) => p.owner === 'base', false);
  for (let i = 0; i < model.numLayers; i++) {
    const v = tf.variable(tf.fill([model.hiddenSize], 1 + 0.1 * i), true, `test_scale_${i}_${Math.random().toString(36).slice(2)}`);
    model.params.add({ name: `scale.${i}`, variable: v, trainable: true, owner: 'test' });
  }
  model.hooks.on('ffn.output', (x, ctx) => tf.mul(x, model.params.get(`scale.${ctx.layer}`).variable), { owner: 'test' });
  return model;
}
