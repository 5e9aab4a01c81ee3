/**
 * Every hook point is reached, in order, with the documented shapes, and edits at each point change the
 * output; attention bias, prefix keys/values, Linear wrapping and input transforms work through the model.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, parseHfConfig, type PreTrainedModel } from './models/index.ts';
import { TENSOR_HOOK_POINTS, TokenKind } from './hooks.ts';
import { initBackendForTests, tinyEncoderConfig, toyBatches } from './testing.ts';

beforeAll(initBackendForTests);

const batch = toyBatches(2, 1, 3)[0];
const make = (seed = 1): PreTrainedModel => createModel(parseHfConfig(tinyEncoderConfig()), 'sequence-classification', { seed });
const logitsOf = (m: PreTrainedModel, input = batch) => tf.tidy(() => m.forward(input).logits!.arraySync() as number[][]);

describe('hook points', () => {
  test('every tensor point is called per layer with the documented shapes', () => {
    const m = make();
    const seen: string[] = [];
    const [B, T] = [batch.inputIds.length, batch.inputIds[0].length];
    for (const point of TENSOR_HOOK_POINTS) {
      m.hooks.on(point, (x, ctx) => {
        seen.push(`${point}@${ctx.layer}:${x.shape.join('x')}`);
        return x;
      });
    }
    const before = logitsOf(make());
    expect(logitsOf(m)).toEqual(before); // identity hooks change nothing
    expect(seen[0]).toBe(`embeddings.output@-1:${B}x${T}x16`);
    const layer0 = seen.slice(1, 9);
    expect(layer0).toEqual([
      `attention.query@0:${B}x${T}x16`,
      `attention.key@0:${B}x${T}x16`,
      `attention.value@0:${B}x${T}x16`,
      `attention.output@0:${B}x${T}x16`,
      `attention.residual@0:${B}x${T}x16`,
      `ffn.intermediate@0:${B}x${T}x32`,
      `ffn.output@0:${B}x${T}x16`,
      `layer.output@0:${B}x${T}x16`,
    ]);
    expect(seen.length).toBe(1 + 2 * 8);
  });

  test('an edit at any point changes the logits; layer filters apply', () => {
    const base = logitsOf(make());
    for (const point of TENSOR_HOOK_POINTS) {
      const m = make();
      m.hooks.on(point, (x) => tf.mul(x, 1.5), { layers: point === 'embeddings.output' ? undefined : [1] });
      expect(logitsOf(m), point).not.toEqual(base);
    }
  });

  test('attention bias hiding every key but the first equals attending to the first token only', () => {
    const m = make();
    let called = 0;
    m.hooks.attentionBias((ctx) => {
      called++;
      const S = ctx.keyLength;
      return tf.tensor4d(Array.from({ length: S }, (_, j) => (j === 0 ? 0 : -1e9)), [1, 1, 1, S]);
    });
    const row = { inputIds: [batch.inputIds[0]], attentionMask: [batch.attentionMask[0]], labels: [0] };
    const a = logitsOf(m, row);
    expect(called).toBe(2);
    // Same bias from a prefix of zero-length is a no-op: compare against a model where only token 0 is unmasked
    const m2 = make();
    const masked = { inputIds: row.inputIds, attentionMask: [row.attentionMask[0].map((_, j) => (j === 0 ? 1 : 0))], labels: [0] };
    const b = logitsOf(m2, masked);
    a[0].forEach((x, i) => expect(x).toBeCloseTo(b[0][i], 5));
  });

  test('prefix keys/values are attended to', () => {
    const m = make();
    const base = logitsOf(make());
    m.hooks.prefix((ctx) => ({ key: tf.ones([ctx.batchSize, ctx.numKvHeads, 2, ctx.headDim]), value: tf.ones([ctx.batchSize, ctx.numKvHeads, 2, ctx.headDim]) }));
    expect(logitsOf(m)).not.toEqual(base);
  });

  test('wrapLinear reaches every encoder Linear with its role and sizes', () => {
    const m = make();
    const seen = new Set<string>();
    m.hooks.wrapLinear(
      () => true,
      (x, base, info) => {
        seen.add(`${info.role}:${info.inFeatures}->${info.outFeatures}`);
        return base(x);
      },
    );
    logitsOf(m);
    for (const info of m.linearLayers()) expect(seen.has(`${info.role}:${info.inFeatures}->${info.outFeatures}`)).toBe(true);
    expect(m.linearLayers().length).toBe(2 * 6);
  });

  test('input transforms can insert tokens and mark them', () => {
    const m = make();
    let kinds: Int32Array | undefined;
    m.hooks.transformInput((input) => ({
      ...input,
      inputIds: input.inputIds.map((r) => [r[0], 5, ...r.slice(1)]),
      attentionMask: input.attentionMask.map((r) => [1, 1, ...r.slice(1)]),
      tokenKinds: input.attentionMask.map((r) => [TokenKind.source, TokenKind.inserted, ...r.slice(1).map((x) => (x ? TokenKind.source : TokenKind.pad))]),
    }));
    m.hooks.on('embeddings.output', (x, ctx) => ((kinds = ctx.tokenKinds), x));
    const out = tf.tidy(() => m.forward(batch).lastHiddenState.shape);
    expect(out[1]).toBe(batch.inputIds[0].length + 1);
    expect(kinds![1]).toBe(TokenKind.inserted);
  });

  test('removeOwner takes a method out', () => {
    const m = make();
    const base = logitsOf(m);
    m.hooks.on('ffn.output', (x) => tf.mul(x, 2), { owner: 'red' });
    expect(logitsOf(m)).not.toEqual(base);
    m.hooks.removeOwner('red');
    expect(logitsOf(m)).toEqual(base);
  });
});
