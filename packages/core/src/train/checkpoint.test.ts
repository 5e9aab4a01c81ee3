import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, parseHfConfig, type PreTrainedModel } from '../models/index.ts';
import { addScaleVectors, initBackendForTests, tinyEncoderConfig, toyBatches } from '../testing.ts';
import { computeLoss, type Batch } from './losses.ts';
import { trackBufferBytes } from '../plan/measure.ts';
import { gradientsOf } from './trainer.ts';

beforeAll(initBackendForTests);

const batch = toyBatches(3, 1, 4)[0] as Batch;

function gpt2Config(): Record<string, unknown> & { model_type: string } {
  return { model_type: 'gpt2', vocab_size: 40, n_positions: 32, n_embd: 16, n_layer: 3, n_head: 2, n_inner: null, activation_function: 'gelu_new', resid_pdrop: 0.1, embd_pdrop: 0.1, attn_pdrop: 0.1, layer_norm_epsilon: 1e-5 };
}
function llamaConfig(): Record<string, unknown> & { model_type: string } {
  return { model_type: 'llama', vocab_size: 40, hidden_size: 16, intermediate_size: 24, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 32, rms_norm_eps: 1e-6, hidden_act: 'silu', tie_word_embeddings: false };
}
/** Causal-LM batches: labels are the input ids (the loss shifts them). */
const lmBatch = { inputIds: batch.inputIds, attentionMask: batch.attentionMask, labels: batch.inputIds } as unknown as Batch;

function grads(model: PreTrainedModel, checkpointing: boolean, seed = 11): { loss: number; grads: Map<string, Float32Array> } {
  model.gradientCheckpointing = checkpointing;
  model.seedDropout(seed);
  const names = model.params.trainable().map((p) => p.name);
  const r = gradientsOf(model, model.task === 'causal-lm' ? lmBatch : batch, names, { training: true });
  const out = new Map<string, Float32Array>();
  for (const [k, g] of r.grads) {
    out.set(k, g.dataSync() as Float32Array);
    g.dispose();
  }
  return { loss: r.loss, grads: out };
}

function expectIdentical(a: ReturnType<typeof grads>, b: ReturnType<typeof grads>): void {
  expect(b.loss).toBe(a.loss);
  expect([...b.grads.keys()].sort()).toEqual([...a.grads.keys()].sort());
  for (const [k, g] of a.grads) expect(Array.from(b.grads.get(k)!), k).toEqual(Array.from(g));
}

describe('gradient checkpointing (activation recomputation per layer)', () => {
  const cases: [string, () => PreTrainedModel][] = [
    ['RoBERTa-shaped encoder', () => createModel(parseHfConfig(tinyEncoderConfig({ num_hidden_layers: 3 })), 'sequence-classification', { seed: 1 })],
    ['GPT-2 decoder', () => createModel(parseHfConfig(gpt2Config()), 'causal-lm', { seed: 1 })],
    ['Llama decoder (RoPE, GQA)', () => createModel(parseHfConfig(llamaConfig()), 'causal-lm', { seed: 1 })],
  ];
  for (const [label, make] of cases) {
    test(`${label}: full fine-tuning gradients are identical with and without (dropout on)`, () => {
      const model = make();
      const plain = grads(model, false);
      const ckpt = grads(model, true);
      expect(plain.grads.size).toBe(model.params.trainable().length);
      expectIdentical(plain, ckpt);
      // the dropout stream after the step is where it would be without checkpointing: a second step agrees too
      expectIdentical(grads(model, false, 12), grads(model, true, 12));
      model.dispose();
    });

    test(`${label}: frozen backbone + hook parameters: identical gradients, no gradient for frozen weights`, () => {
      const model = make();
      addScaleVectors(model);
      const plain = grads(model, false);
      const ckpt = grads(model, true);
      expect([...ckpt.grads.keys()].filter((k) => k.startsWith('scale.')).length).toBe(model.numLayers);
      expectIdentical(plain, ckpt);
      model.dispose();
    });
  }

  test('keeps less for the backward pass and leaks nothing', () => {
    const model = createModel(parseHfConfig(tinyEncoderConfig({ num_hidden_layers: 4, hidden_size: 32, intermediate_size: 128 })), 'sequence-classification', { seed: 2 });
    const big = toyBatches(5, 1, 16)[0] as Batch;
    const names = model.params.trainable().map((p) => p.name);
    const keptBytes = (checkpointing: boolean): number => {
      model.gradientCheckpointing = checkpointing;
      let atLoss = 0;
      const before = tf.memory().numBytes;
      const r = gradientsOf(model, big, names, {
        loss: (m, b, o) => {
          const l = computeLoss(m, b, o);
          atLoss = tf.memory().numBytes; // everything the forward kept for the backward is alive here
          return l;
        },
      });
      r.grads.forEach((g) => g.dispose());
      expect(tf.memory().numBytes).toBe(before);
      return atLoss - before;
    };
    keptBytes(true); // first call records which variables each layer reads
    const plain = keptBytes(false);
    const ckpt = keptBytes(true);
    expect(ckpt).toBeLessThan(plain * 0.5);
    model.dispose();
  });

  test('a variable every layer reads (a shared MLP): identical gradients, and the backward keeps one sum, not one gradient per layer', () => {
    const wide = 8192;
    const withShared = (layers: number) => {
      const model = createModel(parseHfConfig(tinyEncoderConfig({ num_hidden_layers: layers })), 'sequence-classification', { seed: 4 });
      model.params.setTrainable((p) => p.owner === 'base', false);
      // like prefix-tuning's reparameterisation: one weight, read by every layer's forward
      const shared = tf.variable(tf.randomNormal([model.hiddenSize, wide], 0, 0.05, 'float32', 7), true, `ckpt_shared_${Math.random().toString(36).slice(2)}`);
      model.params.add({ name: 'shared.weight', variable: shared, trainable: true, owner: 'test' });
      const D = model.hiddenSize;
      model.hooks.on('ffn.output', (x) => tf.add(x, tf.mean(tf.matMul(x.reshape([-1, D]), shared), -1).reshape([...x.shape.slice(0, -1), 1])), { owner: 'test' });
      return { model, sharedBytes: 4 * shared.size };
    };
    const peakOfBackward = (model: PreTrainedModel): number => {
      model.gradientCheckpointing = true;
      model.seedDropout(1);
      const before = tf.memory().numBytes;
      const tracker = trackBufferBytes();
      const r = gradientsOf(model, batch, ['shared.weight'], { training: true });
      const peak = tracker.peak();
      tracker.stop();
      r.grads.forEach((g) => g.dispose());
      expect(tf.memory().numBytes).toBe(before);
      return peak;
    };
    const six = withShared(6);
    expectIdentical(grads(six.model, false), grads(six.model, true));
    const two = withShared(2);
    peakOfBackward(six.model); // first call records which variables each layer reads
    peakOfBackward(two.model);
    // four more layers add four [B, T, D] inputs, not four more shares of the shared weight's gradient
    expect(peakOfBackward(six.model) - peakOfBackward(two.model)).toBeLessThan(six.sharedBytes);
    six.model.dispose();
    two.model.dispose();
  });

  test('outside a gradient computation it is a plain forward', () => {
    const model = createModel(parseHfConfig(tinyEncoderConfig()), 'sequence-classification', { seed: 3 });
    const a = tf.tidy(() => model.forward(batch, { training: false }).logits!.dataSync());
    model.gradientCheckpointing = true;
    const b = tf.tidy(() => model.forward(batch, { training: false }).logits!.dataSync());
    expect(Array.from(b)).toEqual(Array.from(a));
    model.dispose();
  });
});
