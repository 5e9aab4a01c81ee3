/** RED behaviour on the parity fixtures: eq. 3 at the documented points, identity at init, files, counts. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createModel, loadAdapter, parseMethodConfig, readAdapterConfig, saveAdapter, train, type Batch, type PreTrainedModel, type TaskKind } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import { method, redParamName, withHeadDropout } from './index.ts';
import { ENCODER_FIXTURES, allLogits, fixtureBatches, fixturesAvailable, initBackendForTests, loadFixture, maxAbsDiff, randomize } from '@peftbench/core/testing';

const cfg = (raw: Record<string, unknown> = {}) => parseMethodConfig(method, raw);

describe('config', () => {
  test("the paper's defaults", () => {
    expect(cfg()).toEqual({ positions: 'ffn', variant: 'scaling+bias', headDropout: null });
  });
  test('invalid values name the key', () => {
    expect(() => cfg({ positions: 'mlp' })).toThrow(InputError);
    expect(() => cfg({ positions: 'mlp' })).toThrow("method 'red' config [positions]");
    expect(() => cfg({ variant: 'shift' })).toThrow("method 'red' config [variant]");
    expect(() => cfg({ headDropout: 1.5 })).toThrow("method 'red' config [headDropout]");
  });
});

/** y = (x - mean) / sqrt(var + eps) · γ + β over the last axis. */
function layerNorm(x: tf.Tensor, model: PreTrainedModel, name: string, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normed, model.params.get(`${name}.weight`).variable), model.params.get(`${name}.bias`).variable);
}

/** Record the activation at a hook point per layer (added before RED's hook, it sees the unedited value). */
function probe(model: PreTrainedModel, point: 'ffn.output' | 'attention.output' | 'attention.residual'): Map<number, tf.Tensor> {
  const seen = new Map<number, tf.Tensor>();
  model.hooks.on(point, (x, ctx) => (seen.get(ctx.layer)?.dispose(), seen.set(ctx.layer, tf.keep(x.clone())), x), { owner: 'probe' });
  return seen;
}

describe.skipIf(!fixturesAvailable)('RED on the parity fixtures', () => {
  beforeAll(initBackendForTests);

  for (const { name, task } of ENCODER_FIXTURES) {
    test(`${name}: a fresh edit (scaling 1, bias 0) leaves every logit unchanged; counts = registry`, async () => {
      const model = await loadFixture(name, task);
      const batches = fixtureBatches(name);
      const before = allLogits(model, batches);
      method.apply(model, cfg({ positions: 'ffn+attn' }), { kind: task });
      expect(maxAbsDiff(allLogits(model, batches), before)).toBe(0);
      for (const p of model.params.all()) expect(p.trainable, p.name).toBe(p.owner === 'red' || p.owner === 'head');
      expect(method.countTrainable(model.config, cfg({ positions: 'ffn+attn' }), { kind: task })).toBe(model.params.countTrainable());
      model.dispose();
      for (const c of [cfg(), cfg({ positions: 'attn', variant: 'bias' }), cfg({ variant: 'scaling' })]) {
        const m = await loadFixture(name, task);
        method.apply(m, c, { kind: task });
        expect(method.countTrainable(m.config, c, { kind: task })).toBe(m.params.countTrainable());
        m.dispose();
      }
    });
  }

  test("eq. 3 on 'ffn': layer output = LayerNorm(l_scaling ⊙ FFN(h) + l_bias + h), every layer", async () => {
    const model = await loadFixture('roberta-1');
    const ffn = probe(model, 'ffn.output');
    const residual = probe(model, 'attention.residual');
    method.apply(model, cfg(), { kind: 'sequence-classification' });
    randomize(model, (n) => n.startsWith('red.'), 7);
    const out = model.forward(fixtureBatches('roberta-1')[2], { outputHiddenStates: true });
    const eps = model.config.layer_norm_eps as number;
    for (const layer of [0, 1]) {
      const expected = tf.tidy(() => {
        const s = model.params.get(redParamName(layer, 'ffn', 'scaling')).variable;
        const b = model.params.get(redParamName(layer, 'ffn', 'bias')).variable;
        const h2 = tf.add(tf.mul(ffn.get(layer)!, s), b);
        return layerNorm(tf.add(h2, residual.get(layer)!), model, `roberta.encoder.layer.${layer}.output.LayerNorm`, eps).dataSync();
      });
      const unedited = tf.tidy(() => layerNorm(tf.add(ffn.get(layer)!, residual.get(layer)!), model, `roberta.encoder.layer.${layer}.output.LayerNorm`, eps).dataSync());
      const actual = out.hiddenStates![layer + 1].dataSync();
      expect(maxAbsDiff(actual, unedited)).toBeGreaterThan(0.05); // the edit matters
      expect(maxAbsDiff(actual, expected)).toBeLessThan(1e-5);
    }
    model.dispose();
  });

  test("eq. 3 on 'attn' (scaling only): attention block = LayerNorm(l_scaling ⊙ o + x)", async () => {
    const model = await loadFixture('bert-1');
    const attn = probe(model, 'attention.output');
    method.apply(model, cfg({ positions: 'attn', variant: 'scaling' }), { kind: 'sequence-classification' });
    const residual = probe(model, 'attention.residual'); // after RED: sees the edited block output
    expect(model.params.tryGet(redParamName(0, 'attn', 'bias'))).toBeUndefined();
    expect(model.params.tryGet(redParamName(0, 'ffn', 'scaling'))).toBeUndefined();
    randomize(model, (n) => n.startsWith('red.'), 9);
    const out = model.forward(fixtureBatches('bert-1')[1], { outputHiddenStates: true });
    for (const layer of [0, 1]) {
      const expected = tf.tidy(() => {
        const s = model.params.get(redParamName(layer, 'attn', 'scaling')).variable;
        const x = out.hiddenStates![layer];
        return layerNorm(tf.add(tf.mul(attn.get(layer)!, s), x), model, `bert.encoder.layer.${layer}.attention.output.LayerNorm`, model.config.layer_norm_eps as number).dataSync();
      });
      expect(maxAbsDiff(residual.get(layer)!.dataSync(), expected)).toBeLessThan(1e-5);
    }
    model.dispose();
  });

  test('decoders: GPT-2 and Llama edit the FFN output; lm_head / wte stay frozen; counts = registry', async () => {
    for (const name of ['gpt2-1', 'llama-1']) {
      const model = await loadFixture(name, 'causal-lm');
      const batches = fixtureBatches(name).slice(0, 2);
      const before = allLogits(model, batches);
      method.apply(model, cfg(), { kind: 'causal-lm' });
      expect(maxAbsDiff(allLogits(model, batches), before)).toBe(0);
      expect(model.params.trainable().every((p) => p.owner === 'red')).toBe(true);
      expect(model.params.countTrainable()).toBe(2 * model.hiddenSize * model.numLayers);
      expect(method.countTrainable(model.config, cfg(), { kind: 'causal-lm' })).toBe(model.params.countTrainable());
      randomize(model, (n) => n.startsWith('red.layer.1.'), 3);
      expect(maxAbsDiff(allLogits(model, batches), before)).toBeGreaterThan(1e-3);
      expect(() => method.apply(model, cfg({ headDropout: 0.5 }), { kind: 'causal-lm' })).toThrow("method 'red' config [headDropout]: task 'causal-lm' has no classification head");
      model.dispose();
    }
  });

  test('adapter save → load into a fresh model → identical logits; file keys', async () => {
    const task = 'sequence-classification';
    const model = await loadFixture('roberta-1', task);
    const applied = method.apply(model, cfg(), { kind: task });
    randomize(model, (n) => n.startsWith('red.') || n.startsWith('classifier.'), 4, 0.3);
    const batches = fixtureBatches('roberta-1');
    const expected = allLogits(model, batches);
    const dir = mkdtempSync(join(tmpdir(), 'red-'));
    saveAdapter(dir, applied);
    expect([...applied.adapterTensors().keys()].sort()).toEqual(
      [...[0, 1].flatMap((l) => ['scaling', 'bias'].map((v) => `base_model.model.red.layer.${l}.ffn.${v}`)), ...['dense', 'out_proj'].flatMap((m) => ['weight', 'bias'].map((w) => `base_model.model.classifier.${m}.${w}`))].sort(),
    );
    expect(readAdapterConfig(dir)).toMatchObject({ peft_type: 'RED', positions: 'ffn', variant: 'scaling+bias', head_dropout: null, task_type: 'SEQ_CLS' });
    const fresh = await loadFixture('roberta-1', task);
    const freshApplied = method.apply(fresh, cfg(), { kind: task });
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBeGreaterThan(1e-3);
    loadAdapter(dir, freshApplied);
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBe(0);
    model.dispose();
    fresh.dispose();
  });

  test("headDropout: refused on a model built with another head dropout; honoured via withHeadDropout", async () => {
    const model = await loadFixture('roberta-1');
    expect(() => method.apply(model, cfg({ headDropout: 0.5 }), { kind: 'sequence-classification' })).toThrow(
      "method 'red' config [headDropout]: 0.5 asked for, but this model's head dropout is 0.1",
    );
    const rebuilt = createModel(withHeadDropout(model.config, 0.5), 'sequence-classification');
    expect(() => method.apply(rebuilt, cfg({ headDropout: 0.5 }), { kind: 'sequence-classification' })).not.toThrow();
    // 0.5 dropout in the head shows in training mode: the logits' spread across dropout seeds grows.
    const spread = (m: PreTrainedModel) => {
      const runs = [1, 2, 3, 4].map((seed) => (m.seedDropout(seed), tf.tidy(() => m.forward(fixtureBatches('roberta-1')[1], { training: true }).logits!.dataSync())));
      return runs.slice(1).reduce((s, r) => s + maxAbsDiff(r, runs[0]), 0);
    };
    const plain = createModel(model.config, 'sequence-classification');
    for (const p of rebuilt.params.all()) if (plain.params.has(p.name)) plain.params.get(p.name).variable.assign(p.variable);
    expect(spread(rebuilt)).toBeGreaterThan(spread(plain));
    model.dispose();
    rebuilt.dispose();
    plain.dispose();
  });

  test('training with core.train: the loss falls, only the edit vectors and the head change', async () => {
    const task: TaskKind = 'sequence-classification';
    const model = await loadFixture('roberta-1', task);
    const applied = method.apply(model, cfg(), { kind: task });
    const batch = { ...fixtureBatches('roberta-1')[1], labels: [0, 2, 1] } as unknown as Batch; // core's Batch type rejects [B] labels on a spread ModelInput (reported)
    const snapshot = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
    const result = await train({ model, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 30, learningRate: 0.05, seed: 1, schedule: { kind: 'constant' } });
    expect(result.status).toBe('ok');
    expect(result.losses[result.losses.length - 1]).toBeLessThan(0.5 * result.losses[0]);
    for (const p of model.params.all()) {
      const changed = maxAbsDiff(p.variable.dataSync(), snapshot.get(p.name)!) > 0;
      expect(changed, p.name).toBe(p.owner === 'red' || p.owner === 'head');
    }
    model.dispose();
  });
});
