import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { train } from '@peftbench/core';
import { snapshotParams, tinyClassifier, toyBatches } from '@peftbench/selective/testing';
import { initBackendForTests } from '@peftbench/core/testing';
import { pafiConfigSchema } from './config.ts';
import { applyPafi } from './apply.ts';

beforeAll(() => initBackendForTests());
const task = { kind: 'sequence-classification' as const, numLabels: 2 };

describe('PaFi', () => {
  it('chooses the B smallest-|θ| entries across all target tensors, at apply time', () => {
    const model = tinyClassifier();
    const a = 'roberta.encoder.layer.0.output.dense.bias';
    const b = 'roberta.encoder.layer.1.output.LayerNorm.weight';
    // hand-built values: entry i of tensor a is 1 + i, of tensor b is −(0.5 + i) (so |θ| interleaves)
    model.params.get(a).variable.assign(tf.tensor1d(Array.from({ length: 16 }, (_, i) => 1 + i)));
    model.params.get(b).variable.assign(tf.tensor1d(Array.from({ length: 16 }, (_, i) => -(0.5 + i))));
    const applied = applyPafi(model, pafiConfigSchema.parse({ budget: 5, include: `^(${a}|${b})$`.replace(/\./g, '\\.') }), task);
    // |θ| ascending: b0 .5, a0 1, b1 1.5, a1 2, b2 2.5
    expect([...applied.state.chosenIndices(a)]).toEqual([0, 1]);
    expect([...applied.state.chosenIndices(b)]).toEqual([0, 1, 2]);
  });

  it('keeps every other entry bit-identical through training with weight decay', async () => {
    const model = tinyClassifier();
    const applied = applyPafi(model, pafiConfigSchema.parse({ budget: 40 }), task);
    expect(applied.state.size).toBe(40);
    const before = snapshotParams(model);
    await train({ model, applied, trainBatches: () => toyBatches(3, 4), stepsPerEpoch: 3, epochs: 1, learningRate: 0.05, weightDecay: 0.1, seed: 1 });
    let changed = 0;
    for (const p of applied.targets) {
      const x = before.get(p.name)!;
      const y = p.variable.dataSync();
      for (let i = 0; i < x.length; i++) {
        if (applied.state.isChosen(p.name, i)) changed += x[i] !== y[i] ? 1 : 0;
        else expect(y[i]).toBe(x[i]);
      }
    }
    expect(changed).toBeGreaterThan(30);
  });
});
