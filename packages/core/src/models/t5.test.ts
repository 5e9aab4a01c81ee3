/**
 * T5 without ../shared: config validation (t5-base, gated activations, bad fields), the parameter layout
 * (no biases, one relative-position table per stack), the KV cache (step-by-step decoding equals the full
 * forward; cross-attention keys/values computed once), every hook point reached with the documented layer
 * numbering (encoder 0..E-1, decoder E..E+D-1), and weights inconsistent with num_heads · d_kv.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { writeSafetensors } from '@peftbench/safetensors';
import { InputError, repoRoot } from '@peftbench/util';
import { createModel, loadModel, parseHfConfig } from './index.ts';
import type { T5Model } from './t5.ts';
import { t5Activation, type T5Config } from './t5-config.ts';
import { TENSOR_HOOK_POINTS } from '../hooks.ts';
import { initBackendForTests } from '../testing.ts';

beforeAll(initBackendForTests);

function tinyT5Config(overrides: Record<string, unknown> = {}): Record<string, unknown> & { model_type: string } {
  return {
    model_type: 't5',
    vocab_size: 50,
    d_model: 16,
    d_kv: 4,
    d_ff: 24,
    num_layers: 2,
    num_decoder_layers: 3,
    num_heads: 3,
    relative_attention_num_buckets: 8,
    relative_attention_max_distance: 16,
    feed_forward_proj: 'gated-gelu',
    tie_word_embeddings: false,
    decoder_start_token_id: 0,
    ...overrides,
  };
}

function tiny(overrides: Record<string, unknown> = {}, seed = 3): T5Model {
  return createModel(parseHfConfig(tinyT5Config(overrides)), 'causal-lm', { seed }) as T5Model;
}

const encBatch = { inputIds: [[5, 9, 12, 7, 1], [8, 3, 1, 0, 0]], attentionMask: [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]] };
const decIds = [[0, 4, 11, 6, 20], [0, 7, 7, 2, 30]];

describe('T5 config.json', () => {
  test('t5-base parses with HF defaults (relu, tied, 12 + 12 layers)', () => {
    const path = join(repoRoot, 'packages/core/configs/t5-base/config.json');
    const c = parseHfConfig(JSON.parse(readFileSync(path, 'utf8')), path) as T5Config;
    expect([c.d_model, c.d_kv, c.num_heads, c.d_ff, c.num_layers, c.num_decoder_layers ?? c.num_layers]).toEqual([768, 64, 12, 3072, 12, 12]);
    expect([t5Activation(c), c.tie_word_embeddings, c.relative_attention_max_distance]).toEqual(['relu', true, 128]);
  });

  test('gated-gelu means gelu_new (tanh) unless dense_act_fn says otherwise', () => {
    expect(t5Activation(parseHfConfig(tinyT5Config()) as T5Config)).toBe('gelu_new');
    expect(t5Activation(parseHfConfig(tinyT5Config({ feed_forward_proj: 'gated-silu' })) as T5Config)).toBe('silu');
    expect(t5Activation(parseHfConfig(tinyT5Config({ dense_act_fn: 'gelu' })) as T5Config)).toBe('gelu');
  });

  test('bad fields name the field', () => {
    const bad = (o: Record<string, unknown>, field: string) => {
      expect(() => parseHfConfig(tinyT5Config(o), 'x/config.json')).toThrow(InputError);
      expect(() => parseHfConfig(tinyT5Config(o), 'x/config.json')).toThrow(`x/config.json [${field}]`);
    };
    bad({ feed_forward_proj: 'gated-gelu-x' }, 'feed_forward_proj');
    bad({ feed_forward_proj: 'double-relu' }, 'feed_forward_proj');
    bad({ feed_forward_proj: 'tanh' }, 'feed_forward_proj');
    bad({ num_heads: 0 }, 'num_heads');
    bad({ is_gated_act: false }, 'is_gated_act');
    bad({ is_encoder_decoder: false }, 'is_encoder_decoder');
    bad({ relative_attention_num_buckets: 32, relative_attention_max_distance: 16 }, 'relative_attention_max_distance');
  });

  test('only text-to-text tasks', () => {
    expect(() => createModel(parseHfConfig(tinyT5Config()), 'sequence-classification')).toThrow(/t5 is text-to-text here/);
  });
});

describe('T5 model', () => {
  test('no biases; one relative-position table per stack (block 0 self-attention); layer numbering across stacks', () => {
    const m = tiny();
    const names = m.params.all().map((p) => p.name);
    expect(names.filter((n) => n.endsWith('.bias'))).toEqual([]);
    expect(names.filter((n) => n.includes('relative_attention_bias'))).toEqual([
      'encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight',
      'decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight',
    ]);
    expect(m.numLayers).toBe(5);
    const lin = m.linearLayers();
    expect(lin.filter((l) => l.role === 'q').map((l) => [l.name, l.layer])).toEqual([
      ['encoder.block.0.layer.0.SelfAttention.q', 0],
      ['encoder.block.1.layer.0.SelfAttention.q', 1],
      ['decoder.block.0.layer.0.SelfAttention.q', 2],
      ['decoder.block.0.layer.1.EncDecAttention.q', 2],
      ['decoder.block.1.layer.0.SelfAttention.q', 3],
      ['decoder.block.1.layer.1.EncDecAttention.q', 3],
      ['decoder.block.2.layer.0.SelfAttention.q', 4],
      ['decoder.block.2.layer.1.EncDecAttention.q', 4],
    ]);
    expect(new Set(lin.map((l) => l.role))).toEqual(new Set(['q', 'k', 'v', 'o', 'wi_0', 'wi_1', 'wo', 'lm_head']));
    // every listed Linear exists with the listed shape
    for (const l of lin) expect(m.params.get(`${l.name}.weight`).variable.shape).toEqual([l.inFeatures, l.outFeatures]);
    m.dispose();
  });

  test('KV cache: decoding step by step equals the full forward; cross-attention keys/values computed once', () => {
    for (const tied of [true, false]) {
      const m = tiny({ tie_word_embeddings: tied, feed_forward_proj: tied ? 'relu' : 'gated-gelu' });
      const full = tf.tidy(() => m.forward({ ...encBatch, decoderInputIds: decIds }).logits!.arraySync() as number[][][]);
      const cache = m.newCache(2);
      const enc = m.encode(encBatch).state;
      let worst = 0;
      for (let t = 0; t < decIds[0].length; t++) {
        const step = tf.tidy(() => m.forward({ ...encBatch, decoderInputIds: decIds.map((r) => [r[t]]) }, { encoderState: enc, cache }).logits!.arraySync() as number[][][]);
        step.forEach((row, b) => row[0].forEach((x, v) => (worst = Math.max(worst, Math.abs(x - full[b][t][v])))));
      }
      expect(worst, `tied=${tied}`).toBeLessThan(1e-5);
      expect(cache.length).toBe(5);
      expect(cache.crossComputations).toBe(m.numDecoderLayers);
      // beams: reordering rows keeps the cache consistent with the reordered sequences
      cache.reorder([1, 1, 0]);
      const next = tf.tidy(() => m.forward({ inputIds: [encBatch.inputIds[1], encBatch.inputIds[1], encBatch.inputIds[0]], attentionMask: [encBatch.attentionMask[1], encBatch.attentionMask[1], encBatch.attentionMask[0]], decoderInputIds: [[3], [3], [3]] }, { cache }).logits!.arraySync() as number[][][]);
      const ref = tf.tidy(() => m.forward({ inputIds: [encBatch.inputIds[1], encBatch.inputIds[0]], attentionMask: [encBatch.attentionMask[1], encBatch.attentionMask[0]], decoderInputIds: [[...decIds[1], 3], [...decIds[0], 3]] }).logits!.arraySync() as number[][][]);
      let w2 = 0;
      next[1][0].forEach((x, v) => (w2 = Math.max(w2, Math.abs(x - ref[0][5][v]), Math.abs(next[2][0][v] - ref[1][5][v]))));
      expect(w2).toBeLessThan(1e-5);
      cache.dispose();
      enc.hidden.dispose();
      m.dispose();
    }
  });

  test('every hook point is reached in both stacks with the documented layer indices; edits change the logits', () => {
    const m = tiny();
    const input = { ...encBatch, decoderInputIds: decIds };
    const base = tf.tidy(() => m.forward(input).logits!.arraySync() as number[][][]);
    const diff = (a: number[][][], b: number[][][]) => Math.max(...a.flat(2).map((x, i) => Math.abs(x - b.flat(2)[i])));
    for (const point of TENSOR_HOOK_POINTS) {
      const seen: [number, boolean][] = [];
      m.hooks.on(point, (x, ctx) => (seen.push([ctx.layer, ctx.causal]), tf.mul(x, 1.5)), { owner: 'probe' });
      const out = tf.tidy(() => m.forward(input).logits!.arraySync() as number[][][]);
      m.hooks.removeOwner('probe');
      const expected: [number, boolean][] = point === 'embeddings.output' ? [[-1, false], [-1, true]] : [0, 1, 2, 3, 4].map((l) => [l, l >= 2]);
      expect(seen, point).toEqual(expected);
      expect(diff(out, base), point).toBeGreaterThan(1e-3);
    }
    // word embeddings (HF inputs_embeds): the encoder's only
    const wordCalls: boolean[] = [];
    m.hooks.wordEmbeddings((x, ctx) => (wordCalls.push(ctx.causal), tf.mul(x, 2)), 'probe');
    const withWords = tf.tidy(() => m.forward(input).logits!.arraySync() as number[][][]);
    m.hooks.removeOwner('probe');
    expect(wordCalls).toEqual([false]);
    expect(diff(withWords, base)).toBeGreaterThan(1e-3);
    // Linear wrappers see self- and cross-attention projections, with roles
    const wrapped: string[] = [];
    m.hooks.wrapLinear((info) => info.role === 'v', (x, baseFn, info) => (wrapped.push(info.name), baseFn(x)), 'probe');
    tf.tidy(() => m.forward(input).logits!).dispose();
    m.hooks.removeOwner('probe');
    expect(wrapped).toContain('decoder.block.2.layer.1.EncDecAttention.v');
    expect(wrapped.length).toBe(2 + 3 * 2);
    // prefix keys/values: [B, H, P, dh] per self-attention, always visible
    const prefixCalls: number[] = [];
    m.hooks.prefix((ctx) => (prefixCalls.push(ctx.layer), { key: tf.ones([2, ctx.numKvHeads, 2, ctx.headDim]), value: tf.ones([2, ctx.numKvHeads, 2, ctx.headDim]) }), 'probe');
    const withPrefix = tf.tidy(() => m.forward(input).logits!.arraySync() as number[][][]);
    m.hooks.removeOwner('probe');
    expect(prefixCalls).toEqual([0, 1, 2, 3, 4]);
    expect(diff(withPrefix, base)).toBeGreaterThan(1e-3);
    // attention bias: hide key 0 from every query
    m.hooks.attentionBias((ctx) => {
      const S = ctx.keyLength;
      return tf.tensor4d(Array.from({ length: ctx.seqLen * S }, (_, i) => (i % S === 0 ? -1e9 : 0)), [1, 1, ctx.seqLen, S]);
    }, 'probe');
    const biased = tf.tidy(() => m.forward(input).logits!.arraySync() as number[][][]);
    m.hooks.removeOwner('probe');
    expect(diff(biased, base)).toBeGreaterThan(1e-3);
    m.dispose();
  });

  test('decoder inputs from labels (shift right, -100 → pad); neither given is an InputError', () => {
    const m = tiny();
    const labels = [[4, 11, 6, 20, 1], [7, 7, 1, -100, -100]];
    const a = tf.tidy(() => m.forward({ ...encBatch, labels }).logits!.arraySync());
    const b = tf.tidy(() => m.forward({ ...encBatch, decoderInputIds: [[0, 4, 11, 6, 20], [0, 7, 7, 1, 0]] }).logits!.arraySync());
    expect(a).toEqual(b);
    expect(() => m.forward(encBatch)).toThrow(InputError);
    expect(() => m.forward({ ...encBatch, decoderInputIds: [[0, 99]] })).toThrow(/decoder_input_ids/);
    m.dispose();
  });

  test('weights inconsistent with num_heads · d_kv: the error names the file, the tensor and both fields', async () => {
    const m = tiny();
    const dir = mkdtempSync(join(tmpdir(), 'peftbench-t5-'));
    const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
    for (const [name, t] of m.stateDict()) tensors[name] = { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
    writeSafetensors(join(dir, 'model.safetensors'), tensors);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(tinyT5Config()));
    const ok = await loadModel<T5Model>(dir, { task: 'causal-lm' });
    const x = tf.tidy(() => ok.model.forward({ ...encBatch, decoderInputIds: decIds }).logits!.arraySync());
    expect(x).toEqual(tf.tidy(() => m.forward({ ...encBatch, decoderInputIds: decIds }).logits!.arraySync()));
    ok.model.dispose();
    writeFileSync(join(dir, 'config.json'), JSON.stringify(tinyT5Config({ num_heads: 2, d_kv: 4 })));
    const err = await loadModel(dir, { task: 'causal-lm' }).then(() => null, (e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain(join(dir, 'model.safetensors'));
    expect(err.message).toMatch(/\[(en|de)coder\.block\.\d+\.layer\.\d+\.(SelfAttention|EncDecAttention)\.[qkvo]\.weight\]: shape \[12,16\]/);
    expect(err.message).toContain('num_heads 2 · d_kv 4 = 8');
    m.dispose();
  });
});
