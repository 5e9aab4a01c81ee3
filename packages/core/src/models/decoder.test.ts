/**
 * Decoder behaviour beyond parity: bad configs and checkpoints, hook points (Linear wrapping, prefix,
 * attention bias, token insertion) with and without the KV cache, padding-independent causal-LM loss,
 * and causal-LM training through the trainer.
 */
import { describe, expect, test, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@peftbench/util';
import { createModel, parseHfConfig } from './index.ts';
import type { DecoderModel } from './decoder-base.ts';
import { causalLmLoss } from '../train/losses.ts';
import { TokenKind, type ModelInput } from '../hooks.ts';
import { generate } from '../generate/index.ts';
import { train } from '../train/index.ts';
import { initBackendForTests } from '../testing.ts';

const GPT2 = { model_type: 'gpt2', vocab_size: 50, n_positions: 32, n_embd: 16, n_layer: 2, n_head: 2, embd_pdrop: 0, resid_pdrop: 0, attn_pdrop: 0 };
const LLAMA = { model_type: 'llama', vocab_size: 50, hidden_size: 16, intermediate_size: 24, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 32, tie_word_embeddings: true };

function build(cfg: Record<string, unknown>, seed = 3): DecoderModel {
  return createModel(parseHfConfig(cfg), 'causal-lm', { seed }) as DecoderModel;
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).arraySync() as number);
}

beforeAll(async () => {
  await initBackendForTests();
});

describe('bad input names the field', () => {
  test('inconsistent head counts', () => {
    expect(() => parseHfConfig({ ...GPT2, n_head: 3 })).toThrow(/\[n_head\].*not divisible/);
    expect(() => parseHfConfig({ ...LLAMA, num_key_value_heads: 3 })).toThrow(/\[num_key_value_heads\].*does not divide/);
    expect(() => parseHfConfig({ ...LLAMA, num_attention_heads: 5 })).toThrow(InputError);
    expect(() => parseHfConfig({ ...LLAMA, rope_scaling: { type: 'linear', factor: 2 } })).toThrow(/\[rope_scaling\]/);
  });

  test('an lm_head whose shape disagrees with the vocabulary', () => {
    const untied = build({ ...LLAMA, tie_word_embeddings: false });
    const state = new Map([...untied.stateDict()].map(([k, t]) => [k, { shape: t.shape, data: t.dataSync() as Float32Array }]));
    state.set('lm_head.weight', { shape: [49, 16], data: new Float32Array(49 * 16) });
    expect(() => untied.loadStateDict(state, 'ckpt.safetensors')).toThrow(/ckpt\.safetensors \[lm_head\.weight\].*vocab_size 50/);
    untied.dispose();
  });

  test('a prompt past the position limit; an id outside the vocabulary', () => {
    const m = build(GPT2);
    expect(() => m.forward({ inputIds: [Array(33).fill(1)], attentionMask: [Array(33).fill(1)] })).toThrow(/n_positions\] 32/);
    expect(() => m.forward({ inputIds: [[1, 50]], attentionMask: [[1, 1]] })).toThrow(/\[input_ids\]\[0\]\[1\]/);
    m.dispose();
  });
});

describe.each([
  ['gpt2', GPT2, 'c_attn'],
  ['llama', LLAMA, 'q_proj'],
])('%s hook points', (_name, cfg, queryRole) => {
  const prompt: ModelInput = { inputIds: [[0, 0, 5, 6, 7], [8, 9, 10, 11, 12]], attentionMask: [[0, 0, 1, 1, 1], [1, 1, 1, 1, 1]] };

  test('Linear wrappers see HF names and change the output', () => {
    const m = build(cfg);
    const base = tf.tidy(() => tf.keep(m.forward(prompt).logits!));
    const seen: string[] = [];
    m.hooks.wrapLinear(
      (info) => info.role === queryRole,
      (x, inner, info) => {
        seen.push(info.name);
        return tf.mul(inner(x), 1.5) as tf.Tensor2D;
      },
      'test',
    );
    const wrapped = tf.tidy(() => tf.keep(m.forward(prompt).logits!));
    expect(seen.length).toBe(2);
    expect(seen[0]).toMatch(/(transformer\.h\.0\.attn\.c_attn|model\.layers\.0\.self_attn\.q_proj)$/);
    expect(m.linearLayers().filter((l) => l.role === queryRole).map((l) => l.name)).toEqual(seen);
    expect(maxDiff(base, wrapped)).toBeGreaterThan(1e-5); // fresh init (std 0.02): small but nonzero
    m.hooks.removeOwner('test');
    expect(maxDiff(base, tf.tidy(() => m.forward(prompt).logits!))).toBe(0);
    m.dispose();
  });

  test('prefix keys/values and attention biases act, and cached generation equals uncached', () => {
    const m = build(cfg);
    const P = 3;
    const prefixK = tf.keep(tf.randomNormal([1, m.numKvHeads, P, m.headDim], 0, 1, 'float32', 1));
    const prefixV = tf.keep(tf.randomNormal([1, m.numKvHeads, P, m.headDim], 0, 1, 'float32', 2));
    const keyLengths: number[] = [];
    m.hooks.prefix((ctx) => ({ key: tf.tile(prefixK, [ctx.batchSize, 1, 1, 1]), value: tf.tile(prefixV, [ctx.batchSize, 1, 1, 1]) }), 'test');
    m.hooks.attentionBias((ctx) => {
      keyLengths.push(ctx.keyLength);
      return tf.fill([1, ctx.numHeads, ctx.seqLen, ctx.keyLength], 0.25); // a constant bias: softmax-invariant
    }, 'test');
    const withPrefix = generate(m, prompt, { maxNewTokens: 4, eosTokenId: null, outputScores: true });
    expect(keyLengths[0]).toBe(P + 5); // prefix + prompt
    expect(keyLengths[m.numLayers]).toBe(P + 6); // cached step: prefix + cache + 1
    const uncached = generate(m, prompt, { maxNewTokens: 4, eosTokenId: null, useCache: false, outputScores: true });
    expect(uncached.sequences).toEqual(withPrefix.sequences);
    withPrefix.scores!.forEach((step, s) => step.forEach((row, r) => row.forEach((x, v) => expect(Math.abs(x - uncached.scores![s][r][v])).toBeLessThan(1e-4))));
    m.hooks.removeOwner('test');
    const plain = generate(m, prompt, { maxNewTokens: 4, eosTokenId: null, outputScores: true });
    const changed = plain.scores![0][1].some((x, v) => Math.abs(x - withPrefix.scores![0][1][v]) > 1e-3);
    expect(changed).toBe(true);
    m.dispose();
  });

  test('token insertion adds positions; tensor hooks see [B, T, D] per layer', () => {
    const m = build(cfg);
    m.hooks.transformInput((input) => ({
      ...input,
      inputIds: input.inputIds.map((r) => [1, 2, ...r]),
      attentionMask: input.attentionMask.map((r) => [1, 1, ...r]),
      tokenKinds: input.attentionMask.map((r) => [TokenKind.inserted, TokenKind.inserted, ...r.map((x) => (x ? TokenKind.source : TokenKind.pad))]),
    }), 'test');
    const shapes: string[] = [];
    m.hooks.on('ffn.output', (x, ctx) => {
      shapes.push(`${ctx.layer}:${x.shape}`);
      return x;
    }, { layers: [1], owner: 'test' });
    const out = m.forward({ inputIds: [[5, 6]], attentionMask: [[1, 1]] });
    expect(out.input.inputIds[0]).toEqual([1, 2, 5, 6]);
    expect(out.logits!.shape).toEqual([1, 4, 50]);
    out.logits!.dispose();
    expect(shapes).toEqual([`1:1,4,16`]);
    // generation: the insertion happens once, on the prompt, with and without the cache
    const cached = generate(m, { inputIds: [[5, 6]] }, { maxNewTokens: 3, eosTokenId: null, outputScores: true });
    const uncached = generate(m, { inputIds: [[5, 6]] }, { maxNewTokens: 3, eosTokenId: null, outputScores: true, useCache: false });
    expect(cached.sequences).toEqual(uncached.sequences);
    cached.scores!.forEach((step, s) => step[0].forEach((x, v) => expect(Math.abs(x - uncached.scores![s][0][v])).toBeLessThan(1e-5)));
    m.dispose();
  });
});

describe('causal-LM loss and training', () => {
  test('padding (left or right) does not change logits of real tokens or the loss with -100 on pads', () => {
    for (const cfg of [GPT2, LLAMA]) {
      const m = build(cfg);
      const a = [4, 9, 13, 2, 7];
      const b = [11, 3, 8];
      const alone = [a, b].map((r) => tf.tidy(() => tf.keep(m.forward({ inputIds: [r], attentionMask: [r.map(() => 1)] }).logits!)));
      // token-weighted mean over both rows, from unpadded forwards
      const sumNll = alone.reduce((s, lg, i) => s + causalLmLoss(lg, [[a, b][i]]).arraySync() * ([a, b][i].length - 1), 0);
      const expected = sumNll / (a.length - 1 + b.length - 1);
      for (const side of ['left', 'right'] as const) {
        const pad = (r: number[], v: number) => (side === 'left' ? [...Array(5 - r.length).fill(v), ...r] : [...r, ...Array(5 - r.length).fill(v)]);
        const input = { inputIds: [a, pad(b, 0)], attentionMask: [a.map(() => 1), pad(b.map(() => 1), 0)] };
        // left: the first real token is predicted from a pad position, so it is not a target (HF labels_valid)
        const labels = [a, side === 'left' ? pad([-100, ...b.slice(1)], -100) : pad(b, -100)];
        const logits = tf.tidy(() => tf.keep(m.forward(input).logits!));
        expect(Math.abs(causalLmLoss(logits, labels).arraySync() - expected), `${cfg.model_type} ${side}`).toBeLessThan(1e-5);
        // the same from input_ids as labels plus the attention mask
        expect(Math.abs(causalLmLoss(logits, input.inputIds, input.attentionMask).arraySync() - expected), `${cfg.model_type} ${side} masked`).toBeLessThan(1e-5);
        const rowB = tf.tidy(() => tf.slice(logits, [1, side === 'left' ? 2 : 0, 0], [1, 3, 50]));
        expect(maxDiff(rowB, alone[1])).toBeLessThan(1e-5);
      }
      m.dispose();
    }
  });

  test('the trainer lowers the causal-LM loss of a tiny GPT-2 on a repeated pattern', async () => {
    const m = build(GPT2, 7);
    const seq = [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8];
    const batch = { inputIds: [seq, [0, 0, 0, 0, ...seq.slice(4)]], attentionMask: [seq.map(() => 1), [0, 0, 0, 0, ...seq.slice(4).map(() => 1)]], labels: [seq, [-100, -100, -100, -100, -100, ...seq.slice(5)]] };
    const before = tf.tidy(() => causalLmLoss(m.forward(batch).logits!, batch.labels).arraySync());
    const result = await train({ model: m, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 30, learningRate: 1e-2, seed: 0 });
    const after = tf.tidy(() => causalLmLoss(m.forward(batch).logits!, batch.labels).arraySync());
    expect(result.status).toBe('ok');
    expect(before).toBeGreaterThan(3);
    expect(after).toBeLessThan(before / 2);
    m.dispose();
  });
});
