/**
 * Prefix tuning behaviour on tiny models built here (no ../shared): the forward equals a hand-written GPT-2 with
 * prefix keys/values at positions 0..P-1; the reparameterisation MLP equals its equation; only the method's
 * parameters (and a classification head) change in training; generation with a prefix is row-independent and
 * cache-independent; files round-trip bit for bit; bad input names the field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ADAPTER_CONFIG, ADAPTER_WEIGHTS, createModel, gradientsOf, parseHfConfig, parseMethodConfig, saveAdapter, train, type Batch } from '@peftbench/core';
import { initBackendForTests } from '@peftbench/core/testing';
import { checkHfPeftConfig } from '@peftbench/method-lora';
import { InputError } from '@peftbench/util';
import { applyPrefix, loadPrefixTuningAdapter, method, PREFIX_TUNING_PRESETS, type PrefixTuningConfig } from './index.ts';
import { checkGeneration, gpt2Reference, maxDiff, tinyGpt2, tinyRoberta } from './testing.ts';

beforeAll(initBackendForTests);

const cfg = (raw: Record<string, unknown> = {}): PrefixTuningConfig => parseMethodConfig(method, raw);
const LM = { kind: 'causal-lm' as const };
const CLS = { kind: 'sequence-classification' as const, numLabels: 2 };
const lmLogits = (m: ReturnType<typeof tinyGpt2>, ids: number[][], mask?: number[][]) =>
  tf.tidy(() => m.forward({ inputIds: ids, attentionMask: mask ?? ids.map((r) => r.map(() => 1)) }).logits!.arraySync() as number[][][]);

describe('config', () => {
  test("Li & Liang's defaults; presets; invalid values name the key", () => {
    expect(cfg()).toEqual({ numVirtualTokens: 10, prefixProjection: true, encoderHiddenSize: 512, inferenceMode: false });
    expect(cfg(PREFIX_TUNING_PRESETS['p-tuning-v2']).prefixProjection).toBe(false);
    expect(() => cfg({ numVirtualTokens: 0 })).toThrow(InputError);
    expect(() => cfg({ numVirtualTokens: 0 })).toThrow("method 'prefix-tuning' config [numVirtualTokens]");
    expect(() => cfg({ encoderHiddenSize: -1 })).toThrow('[encoderHiddenSize]');
    expect(() => cfg({ prefixLength: 3 })).toThrow(InputError);
  });
});

describe('forward', () => {
  test('P-tuning v2 (no MLP): GPT-2 logits equal a hand-written GPT-2 with prefix keys/values, real tokens from position P', () => {
    const m = tinyGpt2();
    const c = cfg({ numVirtualTokens: 4, prefixProjection: false });
    const before = lmLogits(m, [[5, 6, 7]]);
    method.apply(m, c, LM);
    const prefix = m.params.get('prefix.embedding.weight').variable as unknown as tf.Tensor2D;
    expect(prefix.shape).toEqual([4, 2 * 2 * 16]);
    const ids = [5, 6, 7, 8, 9];
    const actual = lmLogits(m, [ids])[0];
    const expected = gpt2Reference(m, ids, { prefix, positionStart: 4 });
    expect(maxDiff(actual, expected)).toBeLessThan(1e-4);
    // the prefix matters, and so does its position offset
    expect(maxDiff(actual, gpt2Reference(m, ids, { prefix, positionStart: 0 }))).toBeGreaterThan(1e-3);
    expect(maxDiff(lmLogits(m, [[5, 6, 7]])[0], before[0])).toBeGreaterThan(1e-3);
    expect(maxDiff(gpt2Reference(m, [5, 6, 7]), before[0])).toBeLessThan(1e-4); // the reference itself is GPT-2
  });

  test('with the MLP: prefix = W2·tanh(W1·E + b1) + b2 (checked in float64), and the forward uses it', () => {
    const m = tinyGpt2();
    const applied = method.apply(m, cfg({ numVirtualTokens: 3, encoderHiddenSize: 5 }), LM);
    const get = (n: string) => Array.from(m.params.hfValue(n).dataSync());
    const E = get('prefix.embedding.weight'); // [3, 16]
    const W1 = get('prefix.transform.0.weight'); // HF [5, 16]
    const b1 = get('prefix.transform.0.bias');
    const W2 = get('prefix.transform.2.weight'); // HF [64, 5]
    const b2 = get('prefix.transform.2.bias');
    const expected: number[][] = [];
    for (let p = 0; p < 3; p++) {
      const hid = Array.from({ length: 5 }, (_, j) => Math.tanh(b1[j] + E.slice(p * 16, p * 16 + 16).reduce((s, e, i) => s + e * W1[j * 16 + i], 0)));
      expected.push(Array.from({ length: 64 }, (_, o) => b2[o] + hid.reduce((s, h, j) => s + h * W2[o * 5 + j], 0)));
    }
    const saved = applied.adapterTensors().get('prompt_embeddings')!;
    expect(saved.shape).toEqual([3, 64]);
    expect(maxDiff(saved.arraySync() as number[][], expected)).toBeLessThan(1e-5);
    const ids = [9, 3, 4, 11];
    expect(maxDiff(lmLogits(m, [ids])[0], gpt2Reference(m, ids, { prefix: saved as tf.Tensor2D, positionStart: 3 }))).toBeLessThan(1e-4);
  });

  test('encoder: prefix keys are visible to every token, padding stays hidden (right-padded row = row alone)', () => {
    const m = tinyRoberta();
    method.apply(m, cfg({ numVirtualTokens: 3, prefixProjection: false }), CLS);
    const out = (ids: number[][], mask: number[][]) => tf.tidy(() => m.forward({ inputIds: ids, attentionMask: mask }).logits!.arraySync() as number[][]);
    const batched = out([[0, 5, 6, 7, 2], [0, 8, 9, 2, 1]], [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]]);
    const alone = out([[0, 8, 9, 2]], [[1, 1, 1, 1]]);
    expect(maxDiff([batched[1]], alone)).toBeLessThan(1e-5);
  });
});

describe('training', () => {
  test('only the prefix (and MLP) change after steps; the loss falls; counts = registry', async () => {
    const m = tinyGpt2();
    const c = cfg({ numVirtualTokens: 2, encoderHiddenSize: 8 });
    const applied = method.apply(m, c, LM);
    expect(method.countTrainable(m.config, c, LM)).toBe(m.params.countTrainable());
    const snapshot = new Map(m.params.all().map((p) => [p.name, Array.from(p.variable.dataSync())]));
    const batch: Batch = { inputIds: [[4, 5, 6, 7, 8]], attentionMask: [[1, 1, 1, 1, 1]], labels: [[4, 5, 6, 7, 8]] };
    const result = await train({ model: m, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 8, learningRate: 0.01, seed: 1, schedule: { kind: 'constant' } });
    expect(result.losses[result.losses.length - 1]).toBeLessThan(result.losses[0]);
    for (const p of m.params.all()) {
      const changed = maxDiff([snapshot.get(p.name)!], [Array.from(p.variable.dataSync())]) > 0;
      expect(changed, p.name).toBe(p.name.startsWith('prefix.'));
    }
  });

  test('classification: prefix + head train; count = registry for every preset', () => {
    for (const raw of [{}, PREFIX_TUNING_PRESETS['p-tuning-v2'], { numVirtualTokens: 5, encoderHiddenSize: null }]) {
      const m = tinyRoberta();
      const c = cfg(raw);
      method.apply(m, c, CLS);
      expect(method.countTrainable(m.config, c, CLS)).toBe(m.params.countTrainable());
      for (const p of m.params.all()) expect(p.trainable, p.name).toBe(p.owner === 'prefix-tuning' || p.owner === 'head');
    }
  });

  test('activation recomputation: the same gradients for the MLP every layer reads (to float rounding)', () => {
    const m = tinyRoberta();
    method.apply(m, cfg({ numVirtualTokens: 4, encoderHiddenSize: 24 }), CLS);
    const names = m.params.trainable().map((p) => p.name);
    const batch: Batch = { inputIds: [[0, 5, 6, 7, 2], [0, 8, 9, 2, 1]], attentionMask: [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]], labels: [1, 0] };
    const run = (checkpointing: boolean) => {
      m.gradientCheckpointing = checkpointing;
      const r = gradientsOf(m, batch, names);
      return new Map([...r.grads].map(([k, g]) => [k, Array.from(g.dataSync())]));
    };
    const plain = run(false);
    run(true); // the first recomputed step records which variables each layer reads
    const recomputed = run(true);
    expect([...recomputed.keys()].sort()).toEqual([...plain.keys()].sort());
    // each layer differentiates its own MLP pass when recomputed, so the per-layer shares are summed in
    // another order than the plain backward's: equal up to float32 rounding
    for (const [k, g] of plain) {
      const scale = Math.max(...g.map(Math.abs));
      expect(maxDiff([recomputed.get(k)!], [g]) / scale, k).toBeLessThan(1e-5);
    }
    m.dispose();
  });
});

describe('generation', () => {
  test('left-padded greedy and beam with a prefix: each row as alone, cached = uncached (P-tuning v2 and MLP)', () => {
    for (const raw of [{ numVirtualTokens: 3, prefixProjection: false }, { numVirtualTokens: 2, encoderHiddenSize: 6 }]) {
      const m = tinyGpt2(5);
      method.apply(m, cfg(raw), LM);
      checkGeneration(m, [[5, 6, 7, 8, 9], [10, 11], [12, 13, 14]]);
    }
  });
});

describe('files', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'prefix-'));
  test('HF PEFT layout; save → load → save is bit-identical, same logits (GPT-2 with MLP, RoBERTa with head)', () => {
    for (const [make, task, raw] of [
      [() => tinyGpt2(), LM, { numVirtualTokens: 3, encoderHiddenSize: 7 }],
      [() => tinyRoberta(), CLS, { numVirtualTokens: 2, prefixProjection: false }],
    ] as const) {
      const a = make();
      const applied = method.apply(a, cfg(raw), task);
      const dir = tmp();
      saveAdapter(dir, applied);
      const written = JSON.parse(readFileSync(join(dir, ADAPTER_CONFIG), 'utf8'));
      expect(Object.keys(written)).toEqual([
        'auto_mapping', 'base_model_name_or_path', 'encoder_hidden_size', 'inference_mode', 'num_attention_heads', 'num_layers',
        'num_transformer_submodules', 'num_virtual_tokens', 'peft_type', 'prefix_projection', 'revision', 'task_type', 'token_dim',
      ]);
      expect(written).toMatchObject({ peft_type: 'PREFIX_TUNING', num_virtual_tokens: raw.numVirtualTokens, token_dim: 16, num_layers: 2, num_attention_heads: 2, inference_mode: true });
      checkHfPeftConfig(written, 'PREFIX_TUNING'); // only fields every supported HF PEFT version (0.7.1 on) accepts
      const b = make();
      const { applied: loaded } = loadPrefixTuningAdapter(dir, b, task);
      const input = { inputIds: [[0, 5, 6, 7, 2]], attentionMask: [[1, 1, 1, 1, 1]] };
      const la = tf.tidy(() => a.forward(input).logits!.dataSync());
      const lb = tf.tidy(() => b.forward(input).logits!.dataSync());
      expect(maxDiff([Array.from(lb)], [Array.from(la)])).toBeLessThan(1e-6);
      const dir2 = tmp();
      saveAdapter(dir2, loaded);
      for (const f of [ADAPTER_CONFIG, ADAPTER_WEIGHTS]) expect(readFileSync(join(dir2, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
    }
  });

  test('a mismatched adapter names the field or tensor', () => {
    const a = tinyGpt2();
    const dir = tmp();
    saveAdapter(dir, method.apply(a, cfg({ numVirtualTokens: 3, prefixProjection: false }), LM));
    const conf = JSON.parse(readFileSync(join(dir, ADAPTER_CONFIG), 'utf8'));
    const write = (c: Record<string, unknown>) => writeFileSync(join(dir, ADAPTER_CONFIG), JSON.stringify(c));
    write({ ...conf, peft_type: 'PROMPT_TUNING' });
    expect(() => loadPrefixTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/adapter_config\.json \[peft_type\]: 'PROMPT_TUNING'/);
    write({ ...conf, num_layers: 3 });
    expect(() => loadPrefixTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/\[num_layers\]: 3, the model has 2/);
    write({ ...conf, num_virtual_tokens: 4 });
    expect(() => loadPrefixTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/adapter_model\.safetensors \[prompt_embeddings\]: shape \[3,64\] does not match \[4,64\]/);
    write({ ...conf, num_virtual_tokens: 0 });
    expect(() => loadPrefixTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/\[num_virtual_tokens\]: 0/);
  });

  test('prefix longer than the position budget; GQA models', () => {
    expect(() => method.apply(tinyGpt2(), cfg({ numVirtualTokens: 40 }), LM)).toThrow(/\[numVirtualTokens\]: 40 virtual tokens take every position of config.json \[n_positions\]/);
    // RoBERTa: max_position_embeddings 34 - padding_idx 1 - 1 = 32 usable
    expect(() => method.apply(tinyRoberta(), cfg({ numVirtualTokens: 32 }), CLS)).toThrow(/\[numVirtualTokens\].*\[max_position_embeddings\] \(32 usable/);
    const llama = createModel(parseHfConfig({ model_type: 'llama', vocab_size: 50, hidden_size: 16, intermediate_size: 32, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 32 }), 'causal-lm', { seed: 1 });
    expect(() => method.apply(llama, cfg(), LM)).toThrow(/config\.json \[num_key_value_heads\]: 2 key\/value heads for 4 query heads/);
    const m = tinyGpt2();
    method.apply(m, cfg({ numVirtualTokens: 36, prefixProjection: false }), LM);
    expect(() => m.forward({ inputIds: [[1, 2, 3, 4, 5]], attentionMask: [[1, 1, 1, 1, 1]] })).toThrow(/position 40.*n_positions/);
  });

  test('building block: applyPrefix with its own owner and a transform (composition) and remove()', () => {
    const m = tinyGpt2();
    const before = lmLogits(m, [[5, 6, 7]]);
    const mod = applyPrefix(m, cfg({ numVirtualTokens: 2, prefixProjection: false }), { owner: 'unipelt', namePrefix: 'unipelt.prefix', transform: (kv) => ({ key: tf.mul(kv.key, 0), value: tf.mul(kv.value, 0) }) });
    expect(mod.parameterNames).toEqual(['unipelt.prefix.embedding.weight']);
    expect(m.params.get('unipelt.prefix.embedding.weight').owner).toBe('unipelt');
    // zero keys/values still shift positions and take attention mass: the output changes
    expect(maxDiff(lmLogits(m, [[5, 6, 7]])[0], before[0])).toBeGreaterThan(1e-4);
    mod.remove();
    expect(maxDiff(lmLogits(m, [[5, 6, 7]])[0], before[0])).toBe(0);
  });
});
