import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelInput, PrepareContext } from '@peftbench/core';
import { tinyClassifier, toyBatches } from '@peftbench/selective/testing';
import { initBackendForTests } from '@peftbench/core/testing';
import { fishConfigSchema } from './config.ts';
import { applyFish } from './apply.ts';

beforeAll(() => initBackendForTests());
const task = { kind: 'sequence-classification' as const, numLabels: 2 };

describe('Fish', () => {
  it('sums squared gradients over exactly numSamples batch-1 examples and keeps the global top-B; the head trains', async () => {
    const model = tinyClassifier();
    const a = 'roberta.encoder.layer.0.output.dense.bias';
    const b = 'roberta.encoder.layer.1.output.dense.bias';
    const applied = applyFish(model, fishConfigSchema.parse({ budget: 4, numSamples: 3, include: `^(${a}|${b})$`.replace(/\./g, '\\.') }), task);
    expect(applied.state.size).toBe(0); // nothing before data
    // hand-made gradients per example k: tensor a entry i = (i == k ? 3 : 0.1); tensor b entry i = (i == 5 ? 1 : 0) each time
    // Σ g²: a[0..2] = 9 + 0.02, b[5] = 3 (one per example), a[3..] = 0.03, the 4th example (k = 3) must be ignored
    const examples = [0, 1, 2, 3].map((k) => ({ k, input: { inputIds: [[0, 2]], attentionMask: [[1, 1]] } as ModelInput }));
    let batchSizeAsked = 0;
    const ctx: PrepareContext = {
      seed: 0,
      *batches(bs) {
        batchSizeAsked = bs;
        for (const e of examples) yield Object.assign(e.input, { k: e.k });
      },
      gradients(batch, names) {
        const k = (batch as ModelInput & { k: number }).k;
        expect(names).toEqual([a, b]);
        return new Map([
          [a, tf.tensor1d(Array.from({ length: 16 }, (_, i) => (i === k ? 3 : 0.1)))],
          [b, tf.tensor1d(Array.from({ length: 16 }, (_, i) => (i === 5 ? 1 : 0)))],
        ]);
      },
    };
    await applied.prepare!(ctx);
    expect(batchSizeAsked).toBe(1);
    expect(applied.samplesUsed()).toBe(3);
    expect([...applied.state.chosenIndices(a)]).toEqual([0, 1, 2]);
    expect([...applied.state.chosenIndices(b)]).toEqual([5]);
    expect(model.params.all().filter((p) => p.owner === 'head').every((p) => p.trainable)).toBe(true);
  });

  it('scores with real gradients of the true-label loss through the trainer', async () => {
    const { train } = await import('@peftbench/core');
    const model = tinyClassifier();
    const applied = applyFish(model, fishConfigSchema.parse({ budget: 30, numSamples: 8 }), task);
    const one = toyBatches(8, 1, 4);
    await train({ model, applied, trainBatches: () => toyBatches(2, 4), prepareBatches: () => one, stepsPerEpoch: 2, epochs: 1, learningRate: 0.01, seed: 2 });
    expect(applied.samplesUsed()).toBe(8);
    expect(applied.state.size).toBe(30);
  });
});
