/** PASTA: slots by hand, identity init, the shift at every layer input, counts (IT-Tuning Table 1 row), files, errors. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadAdapter, parseMethodConfig, readAdapterConfig, saveAdapter, train, type Batch } from '@peftbench/core';
import { ENCODER_FIXTURES, allLogits, fixtureBatches, fixturesAvailable, initBackendForTests, loadFixture, maxAbsDiff, randomize } from '@peftbench/core/testing';
import { hasShared, InputError, repoRoot, sharedDir } from '@peftbench/util';
import { applyPasta, countPasta, method, specialSlots } from './index.ts';

const cfg = (raw: Record<string, unknown> = {}) => parseMethodConfig(method, raw);
const SEQ = { kind: 'sequence-classification' as const };
const BERT_SPECIAL = { specialTokenIds: [2, 3] }; // the bert fixtures' [CLS] / [SEP]

describe('slots and counts', () => {
  test('v(i): the i-th special token of its row, padding and overflow excluded (by hand)', () => {
    const input = {
      // RoBERTa pair <s> A </s></s> B </s> (4 special tokens), then a right-padded single sentence (pad id 1 is not special)
      inputIds: [[0, 11, 12, 2, 2, 13, 2], [0, 14, 2, 1, 1, 1, 1]],
      attentionMask: [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0, 0]],
    };
    expect(Array.from(specialSlots(input, new Set([0, 2]), 3))).toEqual([0, -1, -1, 1, 2, -1, -1, 0, -1, 1, -1, -1, -1, -1]);
    expect(Array.from(specialSlots(input, new Set([0, 2]), 4)).slice(0, 7)).toEqual([0, -1, -1, 1, 2, -1, 3]);
    // a special id under the attention mask 0 is padding, not a slot
    expect(Array.from(specialSlots({ inputIds: [[0, 2, 2]], attentionMask: [[1, 1, 0]] }, new Set([0, 2]), 3))).toEqual([0, 1, -1]);
  });
  test('count: layers · numVectors · d; config errors name the key', () => {
    const roberta = { model_type: 'roberta', vocab_size: 10, hidden_size: 8, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 16, max_position_embeddings: 12, type_vocab_size: 1 };
    expect(countPasta(roberta, cfg(), { kind: 'bare' }).method).toBe(2 * 3 * 8);
    expect(countPasta(roberta, cfg({ numVectors: 1 }), { kind: 'bare' }).method).toBe(2 * 8);
    expect(() => cfg({ numVectors: 0 })).toThrow("method 'pasta' config [numVectors]");
    expect(() => cfg({ specialTokenIds: [] })).toThrow("method 'pasta' config [specialTokenIds]");
  });
});

describe.skipIf(!hasShared('papers/tables/it-tuning.json'))('paper row', () => {
  test("IT-Tuning Table 1, PASTA on RoBERTa-large: 3 vectors · 1024 · 24 layers = 73,728, printed 0.07M", () => {
    const table = JSON.parse(readFileSync(join(sharedDir, 'papers/tables/it-tuning.json'), 'utf8')).tables.find((t: { id: string }) => t.id === 'table1');
    const row = table.rows.find((r: { method: string }) => r.method === 'PASTA');
    expect(row.trainable_params).toBe('0.07M');
    const large = JSON.parse(readFileSync(join(repoRoot, 'packages/core/configs/roberta-large/config.json'), 'utf8'));
    const count = countPasta(large, cfg(), SEQ, 'roberta-large/config.json').method;
    expect(count).toBe(73_728);
    expect(`${(count / 1e6).toFixed(2)}M`).toBe(row.trainable_params);
  });
});

describe.skipIf(!fixturesAvailable)('PASTA on the parity fixtures', () => {
  beforeAll(initBackendForTests);

  test('zero init: a fresh adapter leaves every logit unchanged', async () => {
    for (const [name, task, extra] of [['roberta-1', 'sequence-classification', {}], ['bert-2', 'token-classification', BERT_SPECIAL]] as const) {
      const model = await loadFixture(name, task);
      const batches = fixtureBatches(name);
      const before = allLogits(model, batches);
      applyPasta(model, cfg(extra), { kind: task });
      expect(maxAbsDiff(allLogits(model, batches), before)).toBe(0);
      model.dispose();
    }
  });

  test('H(l) ← H(l) + e(l)_{v(i)} at every layer input, on special tokens only (checked on hand-picked positions)', async () => {
    const model = await loadFixture('roberta-1');
    const seen: Record<string, tf.Tensor> = {};
    const probe = (key: string) => (x: tf.Tensor) => ((seen[key] = tf.keep(x.clone())), x);
    // Installed before PASTA: sees the unshifted state; after PASTA: the shifted one.
    model.hooks.on('embeddings.output', probe('emb0'), { owner: 'probe' });
    model.hooks.on('layer.output', probe('out0'), { owner: 'probe', layers: [0] });
    applyPasta(model, cfg(), SEQ);
    model.hooks.on('embeddings.output', probe('emb1'), { owner: 'probe' });
    model.hooks.on('layer.output', probe('out1'), { owner: 'probe', layers: [0] });
    randomize(model, (n) => n.startsWith('pasta.'), 4, 0.5);
    // batch 1, row 1: [0, 123, 5, 25, 135, 130, 2, 1, 1, 1, 1, 1]: <s> at 0 → vector 0, </s> at 6 → vector 1; padding untouched
    tf.tidy(() => void model.forward(fixtureBatches('roberta-1')[1]));
    const e = [0, 1].map((l) => model.params.get(`pasta.layer.${l}.special`).variable.arraySync() as number[][]);
    const delta = (a: string, b: string) => (tf.sub(seen[b], seen[a]).arraySync() as number[][][])[1];
    for (const [before, after, layer] of [['emb0', 'emb1', 0], ['out0', 'out1', 1]] as const) {
      const d = delta(before, after);
      expect(maxAbsDiff(d[0], e[layer][0]), `layer ${layer} <s>`).toBeLessThan(1e-6);
      expect(maxAbsDiff(d[6], e[layer][1]), `layer ${layer} </s>`).toBeLessThan(1e-6);
      for (const t of [1, 2, 3, 4, 5, 7, 11]) expect(Math.max(...d[t].map(Math.abs)), `layer ${layer} position ${t}`).toBe(0);
    }
    model.dispose();
  });

  for (const { name, task } of ENCODER_FIXTURES) {
    test(`${name}: countTrainable(config.json) = registry after apply`, async () => {
      for (const c of [cfg(BERT_SPECIAL), cfg({ ...BERT_SPECIAL, numVectors: 5 })]) {
        const model = await loadFixture(name, task);
        applyPasta(model, c, { kind: task });
        expect(method.countTrainable(model.config, c, { kind: task })).toBe(model.params.countTrainable());
        model.dispose();
      }
    });
  }

  test('training with core.train: the loss falls; only the vectors and the head change', async () => {
    const model = await loadFixture('roberta-1');
    const applied = applyPasta(model, cfg(), SEQ);
    const batch = { ...fixtureBatches('roberta-1')[1], labels: [2, 0, 1] } as unknown as Batch;
    const evalLoss = () => tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot([2, 0, 1], 3), model.forward(batch).logits!).dataSync()[0]);
    const lossBefore = evalLoss();
    const snapshot = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
    await train({ model, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 30, learningRate: 0.02, seed: 1, schedule: { kind: 'constant' } });
    expect(evalLoss()).toBeLessThan(0.5 * lossBefore);
    for (const p of model.params.all()) {
      const changed = maxAbsDiff(p.variable.dataSync(), snapshot.get(p.name)!) > 0;
      expect(changed, p.name).toBe(p.owner === 'pasta' || p.owner === 'head');
    }
    model.dispose();
  });

  test('adapter files round-trip: reload into a fresh model → identical logits, identical bytes', async () => {
    const model = await loadFixture('roberta-1', 'sequence-classification', 1);
    const applied = applyPasta(model, cfg(), SEQ);
    randomize(model, (n) => n.startsWith('pasta.') || n.startsWith('classifier.'), 3, 0.3);
    const batches = fixtureBatches('roberta-1');
    const expected = allLogits(model, batches);
    const dir = mkdtempSync(join(tmpdir(), 'pasta-'));
    saveAdapter(dir, applied);
    expect(readAdapterConfig(dir)).toMatchObject({ peft_type: 'PASTA', num_vectors: 3, special_token_ids: [0, 2], hidden_size: 32, num_layers: 2, task_type: 'SEQ_CLS', modules_to_save: ['classifier'] });
    const fresh = await loadFixture('roberta-1', 'sequence-classification', 2);
    const again = applyPasta(fresh, cfg(), SEQ);
    loadAdapter(dir, again);
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBe(0);
    const dir2 = mkdtempSync(join(tmpdir(), 'pasta-'));
    saveAdapter(dir2, again);
    expect(readFileSync(join(dir2, 'adapter_model.safetensors')).equals(readFileSync(join(dir, 'adapter_model.safetensors')))).toBe(true);
    const tensors = new Map([...again.adapterTensors()].map(([k, t]) => [k, { shape: t.shape, data: t.dataSync() as Float32Array }]));
    const key = 'base_model.model.pasta.layer.1.special';
    expect(() => again.loadAdapterTensors(new Map(tensors).set(key, { shape: [4, 32], data: new Float32Array(128) }), 'a.safetensors')).toThrow(`a.safetensors [${key}]: shape [4,32] does not match the model's [3,32]`);
    model.dispose();
    fresh.dispose();
  });

  test('bad input: a decoder, a model whose config.json names no special tokens', async () => {
    const gpt2 = await loadFixture('gpt2-1', 'causal-lm');
    expect(() => applyPasta(gpt2, cfg(), { kind: 'causal-lm' })).toThrow(InputError);
    gpt2.dispose();
    const bert = await loadFixture('bert-1');
    expect(() => applyPasta(bert, cfg(), SEQ)).toThrow("method 'pasta' config [specialTokenIds]: required, config.json names no bos/eos/cls/sep_token_id");
    bert.dispose();
  });

  test('no tensor leaks over forward passes', async () => {
    const model = await loadFixture('roberta-1');
    applyPasta(model, cfg(), SEQ);
    const batches = fixtureBatches('roberta-1');
    allLogits(model, batches);
    const n = tf.memory().numTensors;
    allLogits(model, batches);
    expect(tf.memory().numTensors).toBe(n);
    model.dispose();
  });
});
