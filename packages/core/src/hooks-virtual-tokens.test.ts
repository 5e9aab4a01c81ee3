/**
 * The two hook features virtual-token methods need (issue 16): prefixes that occupy position ids (prefix tuning
 * as HF runs it: real tokens start at position P, HF's past_key_values length) and word-embedding replacement
 * before positions / LayerNorm (HF's inputs_embeds: prompt tuning). Checked against explicit position ids and
 * token ids, on an encoder (RoBERTa, BERT) and a decoder (GPT-2), and through cached vs uncached generation.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, parseHfConfig, type PreTrainedModel } from './models/index.ts';
import type { DecoderModel } from './models/decoder-base.ts';
import { generate } from './generate/index.ts';
import { TokenKind } from './hooks.ts';
import { initBackendForTests, tinyEncoderConfig } from './testing.ts';

beforeAll(initBackendForTests);

const GPT2 = { model_type: 'gpt2', vocab_size: 50, n_positions: 32, n_embd: 16, n_layer: 2, n_head: 2, embd_pdrop: 0, resid_pdrop: 0, attn_pdrop: 0 };
const gpt2 = (): DecoderModel => createModel(parseHfConfig(GPT2), 'causal-lm', { seed: 3 }) as DecoderModel;
const encoder = (model_type: 'roberta' | 'bert'): PreTrainedModel =>
  createModel(parseHfConfig(tinyEncoderConfig({ model_type, hidden_dropout_prob: 0, attention_probs_dropout_prob: 0, pad_token_id: 1 })), 'sequence-classification', { seed: 2, numLabels: 2 });
const P = 3;

/** A fixed prefix of P keys/values per layer, [1 → B, H, P, dh]. */
function installPrefix(m: PreTrainedModel, positions: number): void {
  const key = tf.keep(tf.randomNormal([1, 2, P, 8], 0, 1, 'float32', 5));
  const value = tf.keep(tf.randomNormal([1, 2, P, 8], 0, 1, 'float32', 6));
  m.hooks.prefix((ctx) => ({ key: tf.tile(key, [ctx.batchSize, 1, 1, 1]), value: tf.tile(value, [ctx.batchSize, 1, 1, 1]) }), 'test', { positions });
}
const logits = (m: PreTrainedModel, input: Parameters<PreTrainedModel['forward']>[0]) => tf.tidy(() => m.forward(input).logits!.arraySync());

describe('prefix positions', () => {
  const ids = [[5, 6, 7, 8], [9, 10, 11, 1]];
  const mask = [[1, 1, 1, 1], [1, 1, 1, 0]];
  test('RoBERTa: real tokens start at padding_idx + 1 + P, pads stay at padding_idx', () => {
    const a = encoder('roberta');
    installPrefix(a, P);
    const b = encoder('roberta');
    installPrefix(b, 0);
    const positionIds = [[5, 6, 7, 8], [5, 6, 7, 1]];
    expect(logits(a, { inputIds: ids, attentionMask: mask })).toEqual(logits(b, { inputIds: ids, attentionMask: mask, positionIds }));
    expect(logits(a, { inputIds: ids, attentionMask: mask })).not.toEqual(logits(b, { inputIds: ids, attentionMask: mask }));
  });
  test('BERT: P + t', () => {
    const a = encoder('bert');
    installPrefix(a, P);
    const b = encoder('bert');
    installPrefix(b, 0);
    const positionIds = ids.map((r) => r.map((_, t) => P + t));
    expect(logits(a, { inputIds: ids, attentionMask: mask })).toEqual(logits(b, { inputIds: ids, attentionMask: mask, positionIds }));
  });
  test('GPT-2: left-padded rows count from P over their real tokens; cached generation equals uncached', () => {
    const a = gpt2();
    installPrefix(a, P);
    const b = gpt2();
    installPrefix(b, 0);
    const left = { inputIds: [[5, 6, 7, 8], [0, 0, 9, 10]], attentionMask: [[1, 1, 1, 1], [0, 0, 1, 1]] };
    const positionIds = [[3, 4, 5, 6], [3 + 0, 3 + 1, 3, 4]]; // pads: P + absolute index (never seen by a real query)
    expect(logits(a, left)).toEqual(logits(b, { ...left, positionIds }));
    expect(logits(a, left)).not.toEqual(logits(b, left));
    const opts = { maxNewTokens: 5, eosTokenId: null, padTokenId: 0, outputScores: true };
    const cached = generate(a, left, { ...opts, useCache: true });
    const uncached = generate(a, left, { ...opts, useCache: false });
    expect(uncached.sequences).toEqual(cached.sequences);
    // each row alone gives the same tokens and step scores
    const alone = generate(a, { inputIds: [[9, 10]], attentionMask: [[1, 1]] }, { ...opts, useCache: true });
    expect(cached.sequences[1].slice(2)).toEqual(alone.sequences[0]);
    let worst = 0;
    cached.scores!.forEach((step, s) => {
      step[1].forEach((x, v) => (worst = Math.max(worst, Math.abs(x - alone.scores![s][0][v]), Math.abs(x - uncached.scores![s][1][v]))));
    });
    expect(worst).toBeLessThan(1e-5);
  });
  test('the position budget counts the prefix', () => {
    const a = gpt2();
    installPrefix(a, 30);
    expect(() => a.forward({ inputIds: [[1, 2, 3]], attentionMask: [[1, 1, 1]] })).toThrow(/position 32.*n_positions/);
  });
});

describe('word-embedding replacement (inputs_embeds)', () => {
  /** Replace the embedding of every position marked inserted by the embedding of token `id`. */
  function swapInserted(m: PreTrainedModel, weight: string, id: number): void {
    m.hooks.wordEmbeddings((x, ctx) => {
      const [B, T, D] = x.shape as number[];
      const row = tf.reshape(tf.gather(m.params.get(weight).variable, [id]), [1, 1, D]);
      const isInserted = tf.tensor3d(Array.from(ctx.tokenKinds, (k) => (k === TokenKind.inserted ? 1 : 0)), [B, T, 1]);
      return tf.add(tf.mul(x, tf.sub(1, isInserted)), tf.mul(row, isInserted));
    }, 'test');
  }
  test('GPT-2: the replaced embedding equals feeding that token (position embeddings still added)', () => {
    const m = gpt2();
    swapInserted(m, 'transformer.wte.weight', 17);
    const plain = gpt2();
    const kinds = [[TokenKind.source, TokenKind.inserted, TokenKind.source]];
    expect(logits(m, { inputIds: [[4, 9, 5]], attentionMask: [[1, 1, 1]], tokenKinds: kinds })).toEqual(logits(plain, { inputIds: [[4, 17, 5]], attentionMask: [[1, 1, 1]] }));
    expect(logits(m, { inputIds: [[4, 9, 5]], attentionMask: [[1, 1, 1]], tokenKinds: kinds })).not.toEqual(logits(plain, { inputIds: [[4, 9, 5]], attentionMask: [[1, 1, 1]] }));
  });
  test('RoBERTa: the replacement happens before the embedding LayerNorm', () => {
    const m = encoder('roberta');
    swapInserted(m, 'roberta.embeddings.word_embeddings.weight', 17);
    const plain = encoder('roberta');
    const kinds = [[TokenKind.source, TokenKind.inserted, TokenKind.source]];
    const a = logits(m, { inputIds: [[0, 9, 2]], attentionMask: [[1, 1, 1]], tokenKinds: kinds }) as number[][];
    const b = logits(plain, { inputIds: [[0, 17, 2]], attentionMask: [[1, 1, 1]] }) as number[][];
    a[0].forEach((x, i) => expect(x).toBeCloseTo(b[0][i], 6));
  });
});
