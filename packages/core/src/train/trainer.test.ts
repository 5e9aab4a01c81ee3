import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, parseHfConfig, type PreTrainedModel } from '../models/index.ts';
import { initBackendForTests, tinyEncoderConfig, toyBatches } from '../testing.ts';
import { train, type TrainOptions } from './trainer.ts';
import { computeLoss } from './losses.ts';

beforeAll(initBackendForTests);

const data = toyBatches(1, 24, 8);
const evalData = toyBatches(99, 4, 8);

function accuracy(model: PreTrainedModel): number {
  let correct = 0;
  let total = 0;
  for (const b of evalData) {
    const preds = tf.tidy(() => model.forward(b).logits!.argMax(-1).dataSync());
    b.labels.forEach((y, i) => ((correct += Number(preds[i] === y)), (total += 1)));
  }
  return correct / total;
}

function tinyModel(seed = 0): PreTrainedModel {
  return createModel(parseHfConfig(tinyEncoderConfig()), 'sequence-classification', { seed });
}

function options(model: PreTrainedModel, over: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model,
    trainBatches: () => data,
    stepsPerEpoch: data.length,
    epochs: 3,
    learningRate: 3e-3,
    weightDecay: 0.01,
    schedule: { kind: 'linear', warmupRatio: 0.1 },
    seed: 5,
    ...over,
  };
}

describe('train', () => {
  test('learns the toy task, and the same seed gives identical losses', async () => {
    const a = tinyModel(1);
    const before = accuracy(a);
    const ra = await train(options(a, { evaluation: { every: 'epoch', evaluate: (m) => ({ accuracy: accuracy(m) }), metric: 'accuracy' } }));
    expect(ra.status).toBe('ok');
    expect(ra.steps).toBe(72);
    expect(ra.evals.length).toBe(3);
    expect(ra.best!.value).toBeGreaterThan(0.9);
    expect(ra.best!.value).toBeGreaterThan(before);
    const b = tinyModel(1);
    const rb = await train(options(b));
    expect(rb.losses).toEqual(ra.losses);
    const c = tinyModel(1);
    const rc = await train(options(c, { seed: 6 }));
    expect(rc.losses).not.toEqual(ra.losses);
    [a, b, c].forEach((m) => m.dispose());
  });

  test('frozen parameters do not move and get no gradient', async () => {
    const m = tinyModel(2);
    m.params.setTrainable((p) => p.owner === 'base', false);
    const frozen = m.params.get('roberta.encoder.layer.0.attention.self.query.weight').variable.dataSync().slice();
    const r = await train(options(m, { epochs: 1, maxSteps: 5 }));
    expect(r.steps).toBe(5);
    expect(m.params.get('roberta.encoder.layer.0.attention.self.query.weight').variable.dataSync()).toEqual(frozen);
    m.dispose();
  });

  test('a NaN loss ends the run as diverged', async () => {
    const m = tinyModel(3);
    const r = await train(options(m, { learningRate: 1e30, epochs: 5 }));
    expect(r.status).toBe('diverged');
    expect(r.message).toMatch(/loss became/);
    m.dispose();
  });

  test('gradient accumulation over two half batches equals one full batch (no dropout)', async () => {
    const config = parseHfConfig(tinyEncoderConfig({ hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 }));
    const full = toyBatches(3, 1, 8)[0];
    const half = (lo: number, hi: number) => ({ inputIds: full.inputIds.slice(lo, hi), attentionMask: full.attentionMask.slice(lo, hi), labels: full.labels.slice(lo, hi) });
    // equal-length halves so that the mean over halves equals the mean over the batch
    const a = createModel(config, 'sequence-classification', { seed: 4 });
    const b = createModel(config, 'sequence-classification', { seed: 4 });
    await train(options(a, { trainBatches: () => [half(0, 4), half(4, 8)], stepsPerEpoch: 2, epochs: 1, gradientAccumulation: 2 }));
    await train(options(b, { trainBatches: () => [full], stepsPerEpoch: 1, epochs: 1 }));
    const wa = a.params.get('classifier.out_proj.weight').variable.dataSync();
    const wb = b.params.get('classifier.out_proj.weight').variable.dataSync();
    wa.forEach((x, i) => expect(x).toBeCloseTo(wb[i], 5));
    a.dispose();
    b.dispose();
  });

  test('early stopping and best-checkpoint restore', async () => {
    const m = tinyModel(6);
    let calls = 0;
    const scores = [0.5, 0.7, 0.6, 0.6, 0.6];
    let atBest: Float32Array | null = null;
    const r = await train(
      options(m, {
        epochs: 10,
        evaluation: {
          every: 'epoch',
          metric: 'score',
          patience: 2,
          evaluate: (model) => {
            const s = scores[calls++];
            if (s === 0.7) atBest = model.params.get('classifier.out_proj.weight').variable.dataSync().slice() as Float32Array;
            return { score: s };
          },
        },
      }),
    );
    expect(r.evals.length).toBe(4); // best at eval 2, then two without improvement
    expect(r.best!.value).toBe(0.7);
    expect(m.params.get('classifier.out_proj.weight').variable.dataSync()).toEqual(atBest);
    m.dispose();
  });

  test('memory stays flat over training steps', async () => {
    const m = tinyModel(7);
    await train(options(m, { epochs: 1, maxSteps: 2 }));
    const before = tf.memory().numTensors;
    await train(options(m, { epochs: 1, maxSteps: 10 }));
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  test('regression (num_labels 1) trains with MSE', async () => {
    const m = createModel(parseHfConfig(tinyEncoderConfig({ num_labels: 1 })), 'sequence-classification', { seed: 8 });
    const batch = { ...data[0], labels: data[0].labels.map((y) => y * 5) };
    const before = tf.tidy(() => computeLoss(m, batch, { training: false }).dataSync()[0]);
    await train(options(m, { trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 30, learningRate: 1e-2 }));
    const after = tf.tidy(() => computeLoss(m, batch, { training: false }).dataSync()[0]);
    // a constant predictor at the label mean reaches 6.25 from ~12.5
    expect(after).toBeLessThan(before / 1.9);
    m.dispose();
  });
});
