/** LoRA behaviour on the parity fixtures: the equation, init, merge, files, counts, config errors. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadAdapter, parseMethodConfig, readAdapterConfig, saveAdapter, train, type Batch } from '@peftbench/core';
import { readFileSync } from 'node:fs';
import { InputError } from '@peftbench/util';
import { applyLora, applyLoraMethod, countLora, loraConfigSchema, method } from './index.ts';
import { ENCODER_FIXTURES, allLogits, fixtureBatches, fixturesAvailable, initBackendForTests, loadFixture, maxAbsDiff, randomize } from '@peftbench/core/testing';

/** Tensor names → shapes from a safetensors header (8-byte length, then JSON). */
function headerShapes(path: string): Map<string, number[]> {
  const bytes = readFileSync(path);
  const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8'));
  delete header.__metadata__;
  return new Map(Object.entries(header).map(([k, v]) => [k, (v as { shape: number[] }).shape]));
}

const cfg = (raw: Record<string, unknown> = {}) => parseMethodConfig(method, raw);

describe('config', () => {
  test("HF PEFT's defaults", () => {
    expect(cfg()).toEqual({ r: 8, lora_alpha: 8, lora_dropout: 0, bias: 'none', use_rslora: false, init_lora_weights: true });
  });
  test('invalid values name the key', () => {
    expect(() => cfg({ r: 0 })).toThrow(InputError);
    expect(() => cfg({ r: 0 })).toThrow("method 'lora' config [r]");
    expect(() => cfg({ lora_dropout: 1 })).toThrow("method 'lora' config [lora_dropout]");
    expect(() => cfg({ target_modules: [] })).toThrow("method 'lora' config [target_modules]");
    expect(() => cfg({ bias: 'some' })).toThrow("method 'lora' config [bias]");
  });
});

describe('target_modules matching (HF PEFT rules) and counts from config.json', () => {
  const roberta = { model_type: 'roberta', vocab_size: 10, hidden_size: 8, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 16, max_position_embeddings: 12, type_vocab_size: 1 };
  const bare = { kind: 'bare' as const };
  test('default q,v: r·(in + out) per module', () => {
    expect(countLora(roberta, cfg({ r: 2 }), bare).method).toBe(2 * 2 * 2 * (8 + 8));
  });
  test("a list entry matches by '.'-suffix: 'output.dense' is both attention.output.dense and output.dense", () => {
    const both = countLora(roberta, cfg({ r: 1, target_modules: ['output.dense'] }), bare).method;
    expect(both).toBe(2 * ((8 + 8) + (16 + 8)));
    expect(countLora(roberta, cfg({ r: 1, target_modules: ['dense'] }), bare).method).toBe(2 * ((8 + 8) + (8 + 16) + (16 + 8)));
  });
  test('a string is a full-match regex; layers_to_transform restricts layers', () => {
    expect(countLora(roberta, cfg({ r: 1, target_modules: '.*\\.1\\.attention\\.self\\.(query|key)' }), bare).method).toBe(2 * 16);
    // A bare string is a regex, not a suffix: 'query' alone matches no full module name.
    expect(() => countLora(roberta, cfg({ r: 1, target_modules: 'query' }), bare)).toThrow('[target_modules]: no Linear');
    expect(countLora(roberta, cfg({ r: 1, target_modules: '.*query' }), bare).method).toBe(2 * 16);
    expect(countLora(roberta, cfg({ r: 1, layers_to_transform: [1] }), bare).method).toBe(2 * 16);
  });
  test('nothing matched, or a bad regex, is an InputError naming target_modules', () => {
    expect(() => countLora(roberta, cfg({ target_modules: ['q_proj'] }), bare)).toThrow("method 'lora' config [target_modules]: no Linear of this roberta model matches");
    expect(() => countLora(roberta, cfg({ target_modules: '(' }), bare)).toThrow("method 'lora' config [target_modules]: not a valid regular expression");
    expect(() => countLora(roberta, cfg({ layers_to_transform: [5] }), bare)).toThrow("method 'lora' config [layers_to_transform]");
  });
  test("bias 'all' / 'lora_only'", () => {
    const none = countLora(roberta, cfg({ r: 1 }), bare).method;
    expect(countLora(roberta, cfg({ r: 1, bias: 'lora_only' }), bare).method - none).toBe(2 * 2 * 8);
    // every bias: q,k,v,o (4·8) + intermediate 16 + output 8 + two LayerNorms (2·8) per layer, + embeddings LayerNorm 8
    expect(countLora(roberta, cfg({ r: 1, bias: 'all' }), bare).method - none).toBe(2 * (32 + 16 + 8 + 16) + 8);
  });
});

describe.skipIf(!fixturesAvailable)('LoRA on the parity fixtures', () => {
  beforeAll(initBackendForTests);

  test('A ~ kaiming-uniform(a=√5) = U(±1/√in), B = 0; a fresh adapter leaves every logit unchanged', async () => {
    const model = await loadFixture('roberta-1');
    const batches = fixtureBatches('roberta-1');
    const before = allLogits(model, batches);
    const lora = applyLora(model, cfg({ r: 8 }));
    expect(lora.layers.map((l) => l.module)).toEqual([0, 1].flatMap((i) => ['query', 'value'].map((m) => `roberta.encoder.layer.${i}.attention.self.${m}`)));
    const a = model.params.hfValue(lora.layers[0].a);
    expect(a.shape).toEqual([8, 32]);
    const values = Array.from(a.dataSync());
    const bound = 1 / Math.sqrt(32);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    const sd = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
    expect(sd).toBeGreaterThan(0.8 * (bound / Math.sqrt(3)));
    expect(sd).toBeLessThan(1.2 * (bound / Math.sqrt(3)));
    expect(model.params.hfValue(lora.layers[0].b).shape).toEqual([32, 8]);
    expect(Math.max(...model.params.hfValue(lora.layers[0].b).dataSync().map(Math.abs))).toBe(0);
    expect(maxAbsDiff(allLogits(model, batches), before)).toBe(0);
    model.dispose();
  });

  test('y = x Wᵀ + b + (x Aᵀ Bᵀ)·α/r, checked on layer 0 query against a manual computation', async () => {
    const model = await loadFixture('roberta-1');
    const seen: Record<string, tf.Tensor> = {};
    // Probes: the layer-0 input (embeddings output) and the query projection output with LoRA applied.
    model.hooks.on('embeddings.output', (x) => ((seen.x = tf.keep(x.clone())), x), { owner: 'probe' });
    model.hooks.on('attention.query', (q) => ((seen.q = tf.keep(q.clone())), q), { owner: 'probe', layers: [0] });
    const lora = applyLora(model, cfg({ r: 4, lora_alpha: 12, init_lora_weights: false, lora_dropout: 0.3 }));
    expect(lora.scaling).toBe(3);
    tf.tidy(() => void model.forward(fixtureBatches('roberta-1')[1]));
    const m = 'roberta.encoder.layer.0.attention.self.query';
    const expected = tf.tidy(() => {
      const x = seen.x.reshape([-1, 32]);
      const hf = (n: string) => model.params.hfValue(n);
      const base = tf.add(tf.matMul(x, hf(`${m}.weight`), false, true), hf(`${m}.bias`));
      const update = tf.matMul(tf.matMul(x, hf(`${m}.lora_A.weight`), false, true), hf(`${m}.lora_B.weight`), false, true);
      return tf.add(base, tf.mul(update, 3)).dataSync();
    });
    const update = maxAbsDiff(expected, tf.tidy(() => tf.add(tf.matMul(seen.x.reshape([-1, 32]), model.params.hfValue(`${m}.weight`), false, true), model.params.hfValue(`${m}.bias`)).dataSync()));
    expect(update).toBeGreaterThan(0.1); // the LoRA path contributes
    expect(maxAbsDiff(seen.q.dataSync(), expected)).toBeLessThan(1e-5); // eval mode: no dropout
    model.dispose();
  });

  test('merge folds B A·scaling into W: same logits; unmerge restores W', async () => {
    const model = await loadFixture('bert-1');
    const batches = fixtureBatches('bert-1');
    const applied = method.apply(model, cfg({ r: 4, lora_alpha: 16, init_lora_weights: false, target_modules: ['query', 'value', 'output.dense'] }), { kind: 'sequence-classification' });
    const unmerged = allLogits(model, batches);
    const w = 'bert.encoder.layer.1.output.dense.weight';
    const original = model.params.get(w).variable.dataSync().slice();
    applied.merge!();
    expect(maxAbsDiff(model.params.get(w).variable.dataSync(), original)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(allLogits(model, batches), unmerged)).toBeLessThan(1e-5);
    applied.merge!(); // idempotent: not folded twice
    expect(maxAbsDiff(allLogits(model, batches), unmerged)).toBeLessThan(1e-5);
    applied.unmerge!();
    expect(maxAbsDiff(model.params.get(w).variable.dataSync(), original)).toBeLessThan(1e-6);
    expect(maxAbsDiff(allLogits(model, batches), unmerged)).toBeLessThan(1e-5);
    model.dispose();
  });

  test('gradients at init: B gets one, A none (B = 0), the frozen base none', async () => {
    const model = await loadFixture('roberta-1');
    method.apply(model, cfg({ r: 2 }), { kind: 'sequence-classification' });
    const names = model.params.trainable().map((p) => p.name);
    const vars = model.params.trainable().map((p) => p.variable);
    const { grads } = tf.variableGrads(() => tf.tidy(() => model.forward(fixtureBatches('roberta-1')[1], { training: false }).logits!.square().sum()) as tf.Scalar, vars);
    const norm = (n: string) => grads[model.params.get(n).variable.name].abs().max().dataSync()[0];
    const m = 'roberta.encoder.layer.0.attention.self.value';
    expect(norm(`${m}.lora_B.weight`)).toBeGreaterThan(1e-4);
    expect(norm(`${m}.lora_A.weight`)).toBe(0);
    expect(names.every((n) => n.includes('.lora_') || n.startsWith('classifier.'))).toBe(true);
    model.dispose();
  });

  for (const { name, task } of ENCODER_FIXTURES) {
    test(`${name}: countTrainable(config.json) = registry after apply`, async () => {
      const model = await loadFixture(name, task);
      for (const c of [cfg(), cfg({ r: 3, target_modules: ['query', 'key', 'value', 'dense'], bias: 'lora_only' }), cfg({ r: 1, target_modules: 'all-linear', bias: 'all', layers_to_transform: [1] })]) {
        const fresh = await loadFixture(name, task);
        method.apply(fresh, c, { kind: task });
        expect(method.countTrainable(fresh.config, c, { kind: task })).toBe(fresh.params.countTrainable());
        fresh.dispose();
      }
      model.dispose();
    });
  }

  test('adapter files: HF PEFT keys and layouts, adapter_config.json fields; load into a fresh model → identical logits', async () => {
    const task = 'sequence-classification';
    const c = cfg({ r: 4, lora_alpha: 16, lora_dropout: 0.1, init_lora_weights: false });
    const model = await loadFixture('roberta-1', task, 1);
    const applied = method.apply(model, c, { kind: task });
    randomize(model, (n) => n.startsWith('classifier.'), 3, 0.2);
    const batches = fixtureBatches('roberta-1');
    const expected = allLogits(model, batches);
    const dir = mkdtempSync(join(tmpdir(), 'lora-'));
    saveAdapter(dir, applied);

    const shapes = headerShapes(join(dir, 'adapter_model.safetensors'));
    const m = 'base_model.model.roberta.encoder.layer.0.attention.self.query';
    expect(shapes.get(`${m}.lora_A.weight`)!).toEqual([4, 32]);
    expect(shapes.get(`${m}.lora_B.weight`)!).toEqual([32, 4]);
    expect(shapes.get('base_model.model.classifier.out_proj.weight')!).toEqual([3, 32]);
    expect(shapes.size).toBe(2 * 2 * 2 + 4);
    expect(readAdapterConfig(dir)).toMatchObject({
      peft_type: 'LORA', r: 4, lora_alpha: 16, lora_dropout: 0.1, target_modules: ['query', 'value'], bias: 'none',
      task_type: 'SEQ_CLS', modules_to_save: ['classifier'], fan_in_fan_out: false, inference_mode: true,
    });

    const fresh = await loadFixture('roberta-1', task, 2); // other seed: other A, B and head before loading
    const freshApplied = method.apply(fresh, c, { kind: task });
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBeGreaterThan(1e-3);
    loadAdapter(dir, freshApplied);
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBe(0);
    model.dispose();
    fresh.dispose();
  });

  test('loading a file with a missing or foreign tensor names it', async () => {
    const model = await loadFixture('roberta-1');
    const applied = method.apply(model, cfg({ r: 2 }), { kind: 'sequence-classification' });
    const tensors = new Map([...applied.adapterTensors()].map(([k, t]) => [k, { shape: t.shape, data: t.dataSync() as Float32Array }]));
    const key = 'base_model.model.roberta.encoder.layer.1.attention.self.value.lora_B.weight';
    const partial = new Map(tensors);
    partial.delete(key);
    expect(() => applied.loadAdapterTensors(partial, 'a.safetensors')).toThrow(`a.safetensors [${key}]: tensor missing from the adapter`);
    const wrongShape = new Map(tensors).set(key, { shape: [2, 32], data: new Float32Array(64) });
    expect(() => applied.loadAdapterTensors(wrongShape, 'a.safetensors')).toThrow(`a.safetensors [${key}]: shape [2,32]`);
    model.dispose();
  });

  test('an invalid config through loraConfigSchema / applyLora', async () => {
    const model = await loadFixture('roberta-1');
    expect(() => applyLora(model, loraConfigSchema.parse({ target_modules: ['c_attn'] }))).toThrow("[target_modules]: no Linear of this roberta model matches [\"c_attn\"]");
    model.dispose();
  });

  test("decoders: GPT-2's fused c_attn (HF PEFT default) and Llama's q_proj/v_proj; merge = unmerged; counts = registry", async () => {
    for (const [name, expectedModules] of [
      ['gpt2-1', ['transformer.h.0.attn.c_attn', 'transformer.h.1.attn.c_attn']],
      ['llama-1', [0, 1].flatMap((i) => [`model.layers.${i}.self_attn.q_proj`, `model.layers.${i}.self_attn.v_proj`])],
    ] as const) {
      const model = await loadFixture(name, 'causal-lm');
      const batches = fixtureBatches(name).slice(0, 2);
      const before = allLogits(model, batches);
      const applied = applyLoraMethod(model, cfg({ r: 2 }), { kind: 'causal-lm' });
      expect(applied.lora.layers.map((l) => l.module)).toEqual(expectedModules);
      expect(maxAbsDiff(allLogits(model, batches), before)).toBe(0);
      expect(method.countTrainable(model.config, cfg({ r: 2 }), { kind: 'causal-lm' })).toBe(model.params.countTrainable());
      expect(model.params.trainable().every((p) => p.name.includes('.lora_'))).toBe(true);
      expect(applied.adapterConfig()).toMatchObject({ fan_in_fan_out: name === 'gpt2-1', task_type: 'CAUSAL_LM', modules_to_save: null });
      randomize(model, (n) => n.includes('.lora_B.'), 8, 0.3);
      const unmerged = allLogits(model, batches);
      expect(maxAbsDiff(unmerged, before)).toBeGreaterThan(1e-3);
      applied.merge!();
      expect(maxAbsDiff(allLogits(model, batches), unmerged)).toBeLessThan(1e-4);
      applied.unmerge!();
      model.dispose();
    }
  });

  test('training with core.train: the loss falls; only A, B and the head change; A moves once B is non-zero', async () => {
    const model = await loadFixture('bert-1');
    const applied = method.apply(model, cfg({ r: 4, lora_alpha: 8 }), { kind: 'sequence-classification' });
    const batch = { ...fixtureBatches('bert-1')[1], labels: [2, 0, 1] } as unknown as Batch; // core's Batch type rejects [B] labels on a spread ModelInput (reported)
    const snapshot = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
    const result = await train({ model, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 25, learningRate: 0.02, seed: 1, schedule: { kind: 'constant' } });
    expect(result.losses[result.losses.length - 1]).toBeLessThan(0.5 * result.losses[0]);
    for (const p of model.params.all()) {
      const changed = maxAbsDiff(p.variable.dataSync(), snapshot.get(p.name)!) > 0;
      expect(changed, p.name).toBe(p.owner === 'lora' || p.owner === 'head');
    }
    model.dispose();
  });

  test('no tensor leaks across forward, merge, unmerge; remove() restores the base model', async () => {
    const model = await loadFixture('roberta-1');
    const batches = fixtureBatches('roberta-1');
    const before = allLogits(model, batches);
    const lora = applyLora(model, cfg({ r: 2, init_lora_weights: false }));
    allLogits(model, batches);
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      lora.merge();
      allLogits(model, batches);
      lora.unmerge();
      allLogits(model, batches);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    lora.merge();
    lora.remove(); // unmerges first
    expect(model.params.all().some((p) => p.name.includes('.lora_'))).toBe(false);
    expect(maxAbsDiff(allLogits(model, batches), before)).toBeLessThan(1e-5);
    model.dispose();
  });
});
