/** UniPELT: gates by hand and by their limits (σ → 1: plain sum; σ → 0: sub-module off), counts, training, files, errors. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadAdapter, parseMethodConfig, readAdapterConfig, saveAdapter, train, type Batch, type PreTrainedModel } from '@peftbench/core';
import { ENCODER_FIXTURES, allLogits, fixtureBatches, fixturesAvailable, initBackendForTests, loadFixture, maxAbsDiff } from '@peftbench/core/testing';
import { InputError } from '@peftbench/util';
import { applyUnipelt, countUnipelt, gateParamName, method } from './index.ts';

const cfg = (raw: Record<string, unknown> = {}) => parseMethodConfig(method, raw);
const SEQ = { kind: 'sequence-classification' as const };
/** The fixtures have d = 32: a bottleneck of 8 instead of the paper's 48; random LoRA B so that LoRA matters. */
const tiny = (raw: Record<string, unknown> = {}) => cfg({ adapter: { bottleneck: 8 }, lora: { init_lora_weights: false }, prefix: { numVirtualTokens: 4, encoderHiddenSize: 16 }, ...raw });

describe('config and counts', () => {
  test("the paper's defaults (BERT-base GLUE): LoRA r 8 α 16, 10 prefix tokens with the MLP, adapter bottleneck 48, gates on", () => {
    const c = cfg();
    expect(c.submodules).toEqual(['lora', 'prefix', 'adapter']);
    expect(c.gates).toBe(true);
    expect(c.lora).toMatchObject({ r: 8, lora_alpha: 16 });
    expect(c.prefix).toMatchObject({ numVirtualTokens: 10 });
    expect(c.adapter).toMatchObject({ bottleneck: 48 });
    expect(() => cfg({ lora: { r: 0 } })).toThrow("method 'unipelt' config [lora.r]");
    expect(() => cfg({ submodules: ['bitfit'] })).toThrow("method 'unipelt' config [submodules.0]");
  });
  test('count = the sub-modules\' counts + 3 gates · L · (d + 1)', () => {
    const bert = { model_type: 'bert', vocab_size: 10, hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 128, max_position_embeddings: 12, type_vocab_size: 2 };
    const c = countUnipelt(bert, cfg(), { kind: 'bare' });
    const lora = 2 * 2 * 8 * (64 + 64);
    const prefix = 10 * 64 + (64 * 512 + 512) + (512 * 2 * 2 * 64 + 2 * 2 * 64);
    const adapter = 2 * (2 * 64 * 48 + 48 + 64);
    expect(c.gates).toBe(3 * 2 * 65);
    expect(c.method).toBe(lora + prefix + adapter + 3 * 2 * 65);
    expect(countUnipelt(bert, cfg({ submodules: ['lora', 'adapter'], gates: false }), { kind: 'bare' }).method).toBe(lora + adapter);
  });
});

/** Copy every parameter `to` shares with `from` (same registry name), so two compositions have the same sub-module weights. */
function copyShared(from: PreTrainedModel, to: PreTrainedModel, skip: (name: string) => boolean = () => false): void {
  for (const p of to.params.all()) {
    if (skip(p.name) || !from.params.has(p.name) || p.owner === 'base') continue;
    p.variable.assign(from.params.get(p.name).variable);
  }
}
/** Set every gate of a kind to a constant output σ(±30) ≈ 1 or 0. */
function pinGates(model: PreTrainedModel, kind: string, bias: number): void {
  for (let l = 0; l < model.numLayers; l++) {
    model.params.get(gateParamName(l, kind as 'lora', 'weight')).variable.assign(tf.zeros([32, 1]));
    model.params.get(gateParamName(l, kind as 'lora', 'bias')).variable.assign(tf.fill([1], bias));
  }
}

describe.skipIf(!fixturesAvailable)('UniPELT on the parity fixtures', () => {
  beforeAll(initBackendForTests);

  test('LoRA gate by hand on layer 0 query: q = x Wᵀ + b + σ(x w_G + b_G) ⊙ (x Aᵀ Bᵀ)·α/r', async () => {
    const model = await loadFixture('roberta-1');
    const seen: Record<string, tf.Tensor> = {};
    model.hooks.on('embeddings.output', (x) => ((seen.x = tf.keep(x.clone())), x), { owner: 'probe' });
    model.hooks.on('attention.query', (q) => ((seen.q = tf.keep(q.clone())), q), { owner: 'probe', layers: [0] });
    applyUnipelt(model, tiny({ submodules: ['lora'] }), SEQ);
    tf.tidy(() => void model.forward(fixtureBatches('roberta-1')[1]));
    const m = 'roberta.encoder.layer.0.attention.self.query';
    const hf = (n: string) => model.params.hfValue(n);
    const expected = tf.tidy(() => {
      const x = seen.x.reshape([-1, 32]);
      const base = tf.add(tf.matMul(x, hf(`${m}.weight`), false, true), hf(`${m}.bias`));
      const update = tf.mul(tf.matMul(tf.matMul(x, hf(`${m}.lora_A.weight`), false, true), hf(`${m}.lora_B.weight`), false, true), 16 / 8);
      const g = tf.sigmoid(tf.add(tf.matMul(x, hf(gateParamName(0, 'lora', 'weight')), false, true), hf(gateParamName(0, 'lora', 'bias'))));
      expect(g.shape).toEqual([x.shape[0], 1]);
      return tf.add(base, tf.mul(g, update)).dataSync();
    });
    expect(maxAbsDiff(seen.q.dataSync(), expected)).toBeLessThan(1e-5);
    model.dispose();
  });

  test('gates at σ → 1 give the ungated sum of the same sub-modules; LoRA / adapter gates at σ → 0 switch them off', async () => {
    const batches = fixtureBatches('roberta-1');
    const gated = await loadFixture('roberta-1', 'sequence-classification', 1);
    applyUnipelt(gated, tiny(), SEQ);
    const plain = await loadFixture('roberta-1', 'sequence-classification', 1);
    applyUnipelt(plain, tiny({ gates: false }), SEQ);
    copyShared(gated, plain);
    for (const kind of ['lora', 'prefix', 'adapter']) pinGates(gated, kind, 30);
    const sum = allLogits(plain, batches);
    expect(maxAbsDiff(allLogits(gated, batches), sum)).toBeLessThan(1e-5);
    for (const kind of ['lora', 'adapter'] as const) {
      const without = await loadFixture('roberta-1', 'sequence-classification', 1);
      applyUnipelt(without, tiny({ gates: false, submodules: ['lora', 'prefix', 'adapter'].filter((k) => k !== kind) }), SEQ);
      copyShared(gated, without);
      pinGates(gated, kind, -30);
      const off = allLogits(gated, batches);
      expect(maxAbsDiff(off, allLogits(without, batches)), kind).toBeLessThan(1e-5);
      expect(maxAbsDiff(off, sum), `${kind} matters`).toBeGreaterThan(1e-4);
      pinGates(gated, kind, 30);
      without.dispose();
    }
    // The prefix gate scales the prefix keys and values: at σ → 0 they are zero (still attended to), not absent.
    pinGates(gated, 'prefix', -30);
    expect(maxAbsDiff(allLogits(gated, batches), sum)).toBeGreaterThan(1e-4);
    gated.dispose();
    plain.dispose();
  });

  for (const { name, task } of ENCODER_FIXTURES) {
    test(`${name}: countTrainable(config.json) = registry after apply`, async () => {
      for (const c of [tiny(), tiny({ submodules: ['prefix', 'adapter'], gates: false }), tiny({ lora: { r: 2, target_modules: ['query', 'key', 'value'] }, adapter: { bottleneck: 4, trainLayerNorm: true } })]) {
        const model = await loadFixture(name, task);
        applyUnipelt(model, c, { kind: task });
        expect(method.countTrainable(model.config, c, { kind: task })).toBe(model.params.countTrainable());
        model.dispose();
      }
    });
  }

  test('training with core.train: the loss falls; only the sub-modules, gates and head change', async () => {
    const model = await loadFixture('bert-1');
    const applied = applyUnipelt(model, tiny({ lora: {} }), SEQ);
    const batch = { ...fixtureBatches('bert-1')[1], labels: [2, 0, 1] } as unknown as Batch;
    const evalLoss = () => tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot([2, 0, 1], 3), model.forward(batch).logits!).dataSync()[0]);
    const lossBefore = evalLoss();
    const snapshot = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
    await train({ model, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 20, learningRate: 0.01, seed: 1, schedule: { kind: 'constant' } });
    expect(evalLoss()).toBeLessThan(0.5 * lossBefore);
    for (const p of model.params.all()) {
      const changed = maxAbsDiff(p.variable.dataSync(), snapshot.get(p.name)!) > 0;
      expect(changed, p.name).toBe(p.owner !== 'base');
    }
    model.dispose();
  });

  test('adapter files round-trip: reload into a fresh model → identical logits, identical bytes', async () => {
    const model = await loadFixture('roberta-1', 'sequence-classification', 1);
    const applied = applyUnipelt(model, tiny(), SEQ);
    const batches = fixtureBatches('roberta-1');
    const expected = allLogits(model, batches);
    const dir = mkdtempSync(join(tmpdir(), 'unipelt-'));
    saveAdapter(dir, applied);
    expect(readAdapterConfig(dir)).toMatchObject({ peft_type: 'UNIPELT', submodules: ['lora', 'prefix', 'adapter'], gates: true, task_type: 'SEQ_CLS', modules_to_save: ['classifier'] });
    const fresh = await loadFixture('roberta-1', 'sequence-classification', 2);
    const again = applyUnipelt(fresh, tiny(), SEQ);
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBeGreaterThan(1e-3);
    loadAdapter(dir, again);
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBe(0);
    const dir2 = mkdtempSync(join(tmpdir(), 'unipelt-'));
    saveAdapter(dir2, again);
    expect(readFileSync(join(dir2, 'adapter_model.safetensors')).equals(readFileSync(join(dir, 'adapter_model.safetensors')))).toBe(true);
    const n = tf.memory().numTensors;
    allLogits(fresh, batches);
    expect(tf.memory().numTensors).toBe(n); // no leaks per forward
    model.dispose();
    fresh.dispose();
  });

  test('bad input: a decoder, LoRA options UniPELT does not use, a target module the model lacks', async () => {
    const gpt2 = await loadFixture('gpt2-1', 'causal-lm');
    expect(() => applyUnipelt(gpt2, tiny(), { kind: 'causal-lm' })).toThrow(InputError);
    gpt2.dispose();
    const model = await loadFixture('roberta-1');
    expect(() => applyUnipelt(model, tiny({ lora: { bias: 'all' } }), SEQ)).toThrow("method 'unipelt' config [lora.bias]");
    const other = await loadFixture('roberta-1');
    expect(() => applyUnipelt(other, tiny({ lora: { target_modules: ['c_attn'] } }), SEQ)).toThrow('[target_modules]: no Linear of this roberta model matches');
    model.dispose();
    other.dispose();
  });
});
