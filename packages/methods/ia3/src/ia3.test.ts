/** (IA)3 on the parity fixtures: the equation against a hand computation, identity init, merge, counts, files, errors. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadAdapter, parseMethodConfig, readAdapterConfig, saveAdapter, train, type Batch } from '@peftbench/core';
import { ENCODER_FIXTURES, allLogits, fixtureBatches, fixturesAvailable, initBackendForTests, loadFixture, maxAbsDiff, randomize } from '@peftbench/core/testing';
import { hfPeftConfigProblems } from '@peftbench/method-lora';
import { InputError, repoRoot } from '@peftbench/util';
import { applyIa3, countIa3, ia3ConfigFromAdapterConfig, method, selectIa3Targets } from './index.ts';

const cfg = (raw: Record<string, unknown> = {}) => parseMethodConfig(method, raw);
const SEQ = { kind: 'sequence-classification' as const };

describe('config and targets from config.json', () => {
  const roberta = { model_type: 'roberta', vocab_size: 10, hidden_size: 8, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 16, max_position_embeddings: 12, type_vocab_size: 1 };
  test('defaults: vectors start at 1; invalid values name the key', () => {
    expect(cfg()).toEqual({ init_ia3_weights: true });
    expect(() => cfg({ target_modules: [] })).toThrow("method 'ia3' config [target_modules]");
    expect(() => cfg({ lr: 1 })).toThrow(InputError);
  });
  test("paper sites by default: key, value (out) and the FFN down-projection's input (in) — not attention.output.dense", () => {
    const c = countIa3(roberta, cfg(), { kind: 'bare' });
    expect(c.method).toBe(2 * (8 + 8 + 16)); // per layer: l_k [8], l_v [8], l_ff [16]
    const linears = [0].flatMap((i) => ['attention.self.key', 'attention.self.value', 'attention.output.dense', 'intermediate.dense', 'output.dense'].map((m) => ({ name: `roberta.encoder.layer.${i}.${m}`, inFeatures: 8, outFeatures: 8 })));
    expect(selectIa3Targets(linears, cfg(), 'roberta').map((t) => [t.module.split('.').slice(4).join('.'), t.feedforward])).toEqual([
      ['attention.self.key', false],
      ['attention.self.value', false],
      ['output.dense', true],
    ]);
    // HF PEFT's own default list: 'output.dense' also matches attention.output.dense (and both count as feedforward).
    const hfDefault = cfg({ target_modules: ['key', 'value', 'output.dense'], feedforward_modules: ['output.dense'] });
    expect(selectIa3Targets(linears, hfDefault, 'roberta').map((t) => t.feedforward)).toEqual([false, false, true, true]);
    expect(countIa3(roberta, hfDefault, { kind: 'bare' }).method).toBe(2 * (8 + 8 + 8 + 16));
  });
  test('counts of the papers\' architectures: per layer d (l_k) + d_kv (l_v) + d_ff (l_ff)', () => {
    const config = (m: string) => JSON.parse(readFileSync(join(repoRoot, `packages/core/configs/${m}/config.json`), 'utf8'));
    expect(countIa3(config('roberta-base'), cfg(), SEQ).method).toBe(12 * (768 + 768 + 3072));
    expect(countIa3(config('roberta-large'), cfg(), SEQ).method).toBe(24 * (1024 + 1024 + 4096));
    expect(countIa3(config('llama-2-7b'), cfg(), { kind: 'causal-lm' }).method).toBe(32 * (4096 + 4096 + 11008));
  });
  test('bad targets name the field', () => {
    expect(() => countIa3(roberta, cfg({ target_modules: ['c_attn'] }), { kind: 'bare' })).toThrow("method 'ia3' config [target_modules]: no Linear of this roberta model matches [\"c_attn\"]");
    expect(() => countIa3(roberta, cfg({ target_modules: ['key'], feedforward_modules: ['output.dense'] }), { kind: 'bare' })).toThrow('[feedforward_modules]: must be a subset of target_modules');
    expect(() => countIa3(roberta, cfg({ target_modules: '(' }), { kind: 'bare' })).toThrow('[target_modules]: not a valid regular expression');
    expect(() => countIa3({ ...roberta, model_type: 'gpt2', n_embd: 8, n_layer: 1, n_head: 2, n_positions: 8 }, cfg({ target_modules: ['k_proj'], feedforward_modules: ['k_proj'] }), { kind: 'causal-lm' })).toThrow('[target_modules]: no Linear of this gpt2 model');
  });
});

describe.skipIf(!fixturesAvailable)('(IA)3 on the parity fixtures', () => {
  beforeAll(initBackendForTests);

  test('identity init: a fresh adapter leaves every logit unchanged (encoders and decoders)', async () => {
    for (const [name, task] of [['roberta-1', 'sequence-classification'], ['bert-2', 'token-classification'], ['gpt2-1', 'causal-lm'], ['llama-1', 'causal-lm']] as const) {
      const model = await loadFixture(name, task);
      const batches = fixtureBatches(name).slice(0, 2);
      const before = allLogits(model, batches);
      const applied = applyIa3(model, cfg(), { kind: task });
      expect(applied.ia3.targets.length).toBe((name === 'gpt2-1' ? 2 : 3) * model.numLayers); // GPT-2: fused c_attn + mlp.c_proj
      expect(maxAbsDiff(allLogits(model, batches), before), name).toBe(0);
      model.dispose();
    }
  });

  test('equation, checked by hand on layer 0: k′ = (x Wkᵀ + bk) ⊙ l_k, FFN out = (γ(h W1ᵀ + b1) ⊙ l_ff) W2ᵀ + b2', async () => {
    const model = await loadFixture('roberta-1');
    const seen: Record<string, tf.Tensor> = {};
    const probe = (key: string) => (x: tf.Tensor) => ((seen[key] = tf.keep(x.clone())), x);
    model.hooks.on('embeddings.output', probe('x'), { owner: 'probe' });
    model.hooks.on('attention.key', probe('k'), { owner: 'probe', layers: [0] });
    model.hooks.on('ffn.intermediate', probe('a'), { owner: 'probe', layers: [0] });
    model.hooks.on('ffn.output', probe('f'), { owner: 'probe', layers: [0] });
    applyIa3(model, cfg({ init_ia3_weights: false }), SEQ); // N(0, 1) vectors: far from the identity
    tf.tidy(() => void model.forward(fixtureBatches('roberta-1')[1]));
    const m = 'roberta.encoder.layer.0';
    const hf = (n: string) => model.params.hfValue(n);
    const D = 32;
    const keyRef = tf.tidy(() => {
      const x = seen.x.reshape([-1, D]);
      const lk = hf(`${m}.attention.self.key.ia3_l`); // [out, 1]
      expect(lk.shape).toEqual([D, 1]);
      return tf.mul(tf.add(tf.matMul(x, hf(`${m}.attention.self.key.weight`), false, true), hf(`${m}.attention.self.key.bias`)), lk.reshape([1, D])).dataSync();
    });
    expect(maxAbsDiff(seen.k.dataSync(), keyRef)).toBeLessThan(1e-5);
    const ffnRef = tf.tidy(() => {
      const a = seen.a.reshape([-1, seen.a.shape[2]!]);
      const lff = hf(`${m}.output.dense.ia3_l`); // [1, in]
      expect(lff.shape).toEqual([1, a.shape[1]]);
      return tf.add(tf.matMul(tf.mul(a, lff), hf(`${m}.output.dense.weight`), false, true), hf(`${m}.output.dense.bias`)).dataSync();
    });
    expect(maxAbsDiff(seen.f.dataSync(), ffnRef)).toBeLessThan(1e-5);
    const unscaled = tf.tidy(() => tf.add(tf.matMul(seen.a.reshape([-1, seen.a.shape[2]!]), hf(`${m}.output.dense.weight`), false, true), hf(`${m}.output.dense.bias`)).dataSync());
    expect(maxAbsDiff(unscaled, ffnRef)).toBeGreaterThan(0.1); // the vector matters
    model.dispose();
  });

  for (const [name, task] of [['roberta-1', 'sequence-classification'], ['gpt2-1', 'causal-lm'], ['llama-1', 'causal-lm']] as const) {
    test(`${name}: merge equals the unmerged forward to 1e-6; unmerge restores W and b to 1e-6`, async () => {
      const model = await loadFixture(name, task);
      const batches = fixtureBatches(name).slice(0, 2);
      const applied = applyIa3(model, cfg(), { kind: task });
      randomize(model, (n) => n.endsWith('.ia3_l'), 5, 0.3); // 1 ± 0.3
      const unmerged = allLogits(model, batches);
      const weights = applied.ia3.targets.flatMap((t) => [`${t.module}.weight`, `${t.module}.bias`]).filter((n) => model.params.has(n));
      const original = new Map(weights.map((n) => [n, model.params.get(n).variable.dataSync().slice()]));
      applied.merge!();
      expect(Math.max(...weights.map((n) => maxAbsDiff(model.params.get(n).variable.dataSync(), original.get(n)!)))).toBeGreaterThan(1e-2);
      const scale = Math.max(1, ...Array.from(unmerged, Math.abs));
      console.log(`${name}: max |logit| ${scale.toFixed(2)}, merged vs unmerged ${maxAbsDiff(allLogits(model, batches), unmerged).toExponential(2)}`);
      expect(maxAbsDiff(allLogits(model, batches), unmerged) / scale).toBeLessThan(1e-6);
      applied.merge!(); // idempotent
      expect(maxAbsDiff(allLogits(model, batches), unmerged) / scale).toBeLessThan(1e-6);
      applied.unmerge!();
      for (const n of weights) expect(maxAbsDiff(model.params.get(n).variable.dataSync(), original.get(n)!), n).toBeLessThan(1e-6);
      expect(maxAbsDiff(allLogits(model, batches), unmerged) / scale).toBeLessThan(1e-6);
      model.dispose();
    });
  }

  for (const { name, task } of ENCODER_FIXTURES) {
    test(`${name}: countTrainable(config.json) = registry after apply`, async () => {
      for (const c of [cfg(), cfg({ target_modules: ['key', 'value', 'output.dense'], feedforward_modules: ['output.dense'] }), cfg({ target_modules: 'all-linear', feedforward_modules: 'x', modules_to_save: ['classifier', 'LayerNorm'] })]) {
        const model = await loadFixture(name, task);
        applyIa3(model, c, { kind: task });
        expect(method.countTrainable(model.config, c, { kind: task })).toBe(model.params.countTrainable());
        model.dispose();
      }
    });
  }

  test('training with core.train: the loss falls; only the vectors and the head change', async () => {
    const model = await loadFixture('bert-1');
    const applied = applyIa3(model, cfg(), SEQ);
    const batch = { ...fixtureBatches('bert-1')[1], labels: [2, 0, 1] } as unknown as Batch;
    const snapshot = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
    const evalLoss = () => tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot([2, 0, 1], 3), model.forward(batch).logits!).dataSync()[0]);
    const lossBefore = evalLoss();
    const result = await train({ model, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 30, learningRate: 0.02, seed: 1, schedule: { kind: 'constant' } });
    expect(result.losses.length).toBe(30);
    expect(evalLoss()).toBeLessThan(0.5 * lossBefore); // eval mode: the training losses carry dropout noise
    for (const p of model.params.all()) {
      const changed = maxAbsDiff(p.variable.dataSync(), snapshot.get(p.name)!) > 0;
      expect(changed, p.name).toBe(p.owner === 'ia3' || p.owner === 'head');
    }
    expect(model.params.all().filter((p) => p.owner === 'ia3').every((p) => maxAbsDiff(p.variable.dataSync(), snapshot.get(p.name)!) > 0)).toBe(true);
    model.dispose();
  });

  test('adapter files: HF PEFT keys and shapes, IA3Config fields every supported version accepts; reload → identical logits', async () => {
    const model = await loadFixture('roberta-1', 'sequence-classification', 1);
    const applied = applyIa3(model, cfg(), SEQ);
    randomize(model, (n) => n.endsWith('.ia3_l') || n.startsWith('classifier.'), 3, 0.2);
    const batches = fixtureBatches('roberta-1');
    const expected = allLogits(model, batches);
    const dir = mkdtempSync(join(tmpdir(), 'ia3-'));
    saveAdapter(dir, applied);
    const keys = [...applied.adapterTensors()].map(([k, t]) => (t.dispose(), k));
    expect(keys).toContain('base_model.model.roberta.encoder.layer.0.attention.self.key.ia3_l');
    expect(keys).toContain('base_model.model.roberta.encoder.layer.1.output.dense.ia3_l');
    expect(keys).toContain('base_model.model.classifier.out_proj.weight');
    const written = readAdapterConfig(dir);
    expect(hfPeftConfigProblems(written, 'IA3')).toEqual([]);
    expect(written).toMatchObject({ peft_type: 'IA3', task_type: 'SEQ_CLS', modules_to_save: ['classifier'], fan_in_fan_out: false, init_ia3_weights: true });
    // Another tool's reader: the config alone rebuilds the method, then the tensors load (other seed: other head first).
    const fresh = await loadFixture('roberta-1', 'sequence-classification', 2);
    const again = applyIa3(fresh, ia3ConfigFromAdapterConfig(written, SEQ, 'adapter_config.json'), SEQ);
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBeGreaterThan(1e-3);
    loadAdapter(dir, again);
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBe(0);
    const dir2 = mkdtempSync(join(tmpdir(), 'ia3-'));
    saveAdapter(dir2, again);
    expect(readFileSync(join(dir2, 'adapter_model.safetensors')).equals(readFileSync(join(dir, 'adapter_model.safetensors')))).toBe(true); // round trip bit-identical
    model.dispose();
    fresh.dispose();
  });

  test('bad saved adapters: wrong peft_type, task_type, unknown field, wrong shape, missing tensor — each named', async () => {
    const model = await loadFixture('roberta-1');
    const applied = applyIa3(model, cfg(), SEQ);
    const written = applied.adapterConfig();
    expect(() => ia3ConfigFromAdapterConfig({ ...written, peft_type: 'LORA' }, SEQ, 'a/adapter_config.json')).toThrow('a/adapter_config.json [peft_type]: "LORA" is not an (IA)3 adapter');
    expect(() => ia3ConfigFromAdapterConfig(written, { kind: 'causal-lm' }, 'a/adapter_config.json')).toThrow('a/adapter_config.json [task_type]');
    expect(() => ia3ConfigFromAdapterConfig({ ...written, r: 8 }, SEQ, 'a/adapter_config.json')).toThrow('a/adapter_config.json [r]: not a field');
    expect(() => ia3ConfigFromAdapterConfig({ ...written, target_modules: ['c_attn'], feedforward_modules: [] }, SEQ)).not.toThrow(); // a config; the model check comes at apply
    const other = await loadFixture('roberta-1');
    expect(() => applyIa3(other, ia3ConfigFromAdapterConfig({ ...written, target_modules: ['c_attn'], feedforward_modules: [] }, SEQ), SEQ)).toThrow('[target_modules]: no Linear of this roberta model');
    const tensors = new Map([...applied.adapterTensors()].map(([k, t]) => [k, { shape: t.shape, data: t.dataSync() as Float32Array }]));
    const key = 'base_model.model.roberta.encoder.layer.1.attention.self.value.ia3_l';
    expect(() => applied.loadAdapterTensors(new Map(tensors).set(key, { shape: [1, 32], data: new Float32Array(32) }), 'a.safetensors')).toThrow(`a.safetensors [${key}]: shape [1,32] does not match the model's [32,1]`);
    const partial = new Map(tensors);
    partial.delete(key);
    expect(() => applied.loadAdapterTensors(partial, 'a.safetensors')).toThrow(`a.safetensors [${key}]: tensor missing from the adapter`);
    model.dispose();
    other.dispose();
  });

  test('no tensor leaks across forward, merge, unmerge; remove() restores the base model', async () => {
    const model = await loadFixture('gpt2-1', 'causal-lm');
    const batches = fixtureBatches('gpt2-1').slice(0, 1);
    const before = allLogits(model, batches);
    const applied = applyIa3(model, cfg({ init_ia3_weights: false }), { kind: 'causal-lm' });
    expect(applied.adapterConfig()).toMatchObject({ fan_in_fan_out: true, target_modules: ['c_attn', 'mlp.c_proj'], feedforward_modules: ['mlp.c_proj'], modules_to_save: null });
    allLogits(model, batches);
    const n = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      applied.merge!();
      allLogits(model, batches);
      applied.unmerge!();
      allLogits(model, batches);
    }
    expect(tf.memory().numTensors).toBe(n);
    applied.ia3.remove();
    expect(maxAbsDiff(allLogits(model, batches), before)).toBeLessThan(1e-5);
    model.dispose();
  });
});

