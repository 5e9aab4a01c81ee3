import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, parseHfConfig, type PreTrainedModel } from './index.ts';
import { addScaleVectors, initBackendForTests, tinyEncoderConfig, toyBatches } from '../testing.ts';
import { gradientsOf } from '../train/trainer.ts';
import type { Batch } from '../train/losses.ts';

beforeAll(initBackendForTests);

const batch = toyBatches(3, 1, 4)[0] as Batch;
const lmBatch = { inputIds: batch.inputIds, attentionMask: batch.attentionMask, labels: batch.inputIds } as unknown as Batch;

function lossAndGrads(model: PreTrainedModel, release: boolean): { loss: number; grads: Record<string, number[]> } {
  model.releaseWeightPacks = release;
  model.seedDropout(5);
  const names = model.params.trainable().map((p) => p.name);
  const r = gradientsOf(model, model.task === 'causal-lm' ? lmBatch : batch, names, { training: true });
  const grads: Record<string, number[]> = {};
  for (const [k, g] of r.grads) {
    grads[k] = Array.from(g.dataSync());
    g.dispose();
  }
  return { loss: r.loss, grads };
}

/** Kernels one inference forward runs. */
async function forwardKernels(model: PreTrainedModel, release: boolean): Promise<number> {
  model.releaseWeightPacks = release;
  const input = model.task === 'causal-lm' ? lmBatch : batch;
  return (await tf.profile(() => { model.forward({ inputIds: input.inputIds, attentionMask: input.attentionMask } as never, { training: false }); })).kernels.length;
}

describe('releaseWeightPacks (frozen weights packed per product on wasm)', () => {
  const cases: [string, () => PreTrainedModel][] = [
    ['RoBERTa-shaped encoder', () => createModel(parseHfConfig(tinyEncoderConfig({ num_hidden_layers: 2 })), 'sequence-classification', { seed: 3 })],
    ['GPT-2 decoder (tied LM head)', () => createModel(parseHfConfig({ model_type: 'gpt2', vocab_size: 40, n_positions: 32, n_embd: 16, n_layer: 2, n_head: 2, n_inner: null, activation_function: 'gelu_new', resid_pdrop: 0.1, embd_pdrop: 0.1, attn_pdrop: 0.1, layer_norm_epsilon: 1e-5 }), 'causal-lm', { seed: 3 })],
  ];
  for (const [label, make] of cases) {
    test(`${label}: loss and gradients are the same bits with and without`, async () => {
      const model = addScaleVectors(make());
      const kept = lossAndGrads(model, false);
      const released = lossAndGrads(model, true);
      expect(await forwardKernels(model, true), 'the releasing path ran (a copy per frozen product)').toBeGreaterThan(await forwardKernels(model, false));
      expect(released.loss).toBe(kept.loss);
      expect(released.grads).toEqual(kept.grads);
      model.dispose();
    });
  }

  test('trainable weights keep the ordinary product (their gradient is needed)', () => {
    const model = createModel(parseHfConfig(tinyEncoderConfig({ num_hidden_layers: 1 })), 'sequence-classification', { seed: 3 });
    const kept = lossAndGrads(model, false);
    const released = lossAndGrads(model, true);
    expect(Object.keys(released.grads).length).toBe(model.params.trainable().length);
    expect(released.grads).toEqual(kept.grads);
    model.dispose();
  });
});
