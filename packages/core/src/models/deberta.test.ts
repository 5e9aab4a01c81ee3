/**
 * DeBERTa-v2/v3 beyond the parity fixtures: hook points (same names and order as the BERT/RoBERTa encoder),
 * Linear wrapping of content and position projections, attention bias / prefix / input transforms, heads,
 * padding invariance, gradients, config validation, bare checkpoints, and `hf:` loading with spm.model.
 */
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { writeSafetensors } from '@peftbench/safetensors';
import { InputError, hasShared, sharedDir } from '@peftbench/util';
import { createModel, loadModel, parseHfConfig, readHfConfig, DebertaV2Model, debertaBucket, type PreTrainedModel } from './index.ts';
import { TENSOR_HOOK_POINTS, TokenKind } from '../hooks.ts';
import { gradientsOf } from '../train/trainer.ts';
import { initBackendForTests, toyBatches } from '../testing.ts';

beforeAll(initBackendForTests);

const tinyDeberta = (overrides: Record<string, unknown> = {}) => ({
  model_type: 'deberta-v2',
  vocab_size: 40,
  hidden_size: 16,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 32,
  max_position_embeddings: 32,
  relative_attention: true,
  position_buckets: 8,
  max_relative_positions: -1,
  norm_rel_ebd: 'layer_norm',
  share_att_key: true,
  pos_att_type: 'p2c|c2p',
  position_biased_input: false,
  type_vocab_size: 0,
  layer_norm_eps: 1e-7,
  pad_token_id: 1,
  num_labels: 2,
  ...overrides,
});

const batch = toyBatches(2, 1, 3)[0];
/** Randomise every tensor (LayerNorm 1/0 and zero biases would hide mistakes). */
function randomise(m: PreTrainedModel, seed = 11): void {
  let s = seed;
  for (const p of m.params.all()) {
    const v = tf.randomNormal(p.variable.shape, 0, p.variable.shape.length === 1 ? 0.2 : 0.5, 'float32', s++);
    p.variable.assign(p.name.endsWith('LayerNorm.weight') ? tf.add(v, 1) : v);
  }
}
const make = (overrides: Record<string, unknown> = {}, task: 'sequence-classification' | 'token-classification' | 'bare' = 'sequence-classification'): PreTrainedModel => {
  const m = createModel(parseHfConfig(tinyDeberta(overrides)), task, { seed: 1 });
  randomise(m);
  return m;
};
const logitsOf = (m: PreTrainedModel, input = batch) => tf.tidy(() => m.forward(input).logits!.arraySync() as number[][]);

describe('DeBERTa-v2 hook points (same as the encoder)', () => {
  test('every tensor point is called per layer, in the encoder order, with the documented shapes', () => {
    const m = make();
    const seen: string[] = [];
    const [B, T] = [batch.inputIds.length, batch.inputIds[0].length];
    for (const point of TENSOR_HOOK_POINTS) m.hooks.on(point, (x, ctx) => (seen.push(`${point}@${ctx.layer}:${x.shape.join('x')}`), x));
    expect(logitsOf(m)).toEqual(logitsOf(make()));
    expect(seen[0]).toBe(`embeddings.output@-1:${B}x${T}x16`);
    expect(seen.slice(1, 9)).toEqual([
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

  test('an edit at any point changes the logits', () => {
    const base = logitsOf(make());
    for (const point of TENSOR_HOOK_POINTS) {
      const m = make();
      m.hooks.on(point, (x) => tf.mul(x, 1.5), { layers: point === 'embeddings.output' ? undefined : [1] });
      expect(logitsOf(m), point).not.toEqual(base);
    }
  });

  test('linearLayers: HF names, encoder roles; wrappers see content rows and (shared keys) the 2T-1 relative rows', () => {
    const m = make();
    const infos = m.linearLayers();
    expect(infos.filter((i) => i.layer === 0).map((i) => `${i.name}:${i.role}`)).toEqual([
      'deberta.encoder.layer.0.attention.self.query_proj:query',
      'deberta.encoder.layer.0.attention.self.key_proj:key',
      'deberta.encoder.layer.0.attention.self.value_proj:value',
      'deberta.encoder.layer.0.attention.output.dense:attention.output.dense',
      'deberta.encoder.layer.0.intermediate.dense:intermediate.dense',
      'deberta.encoder.layer.0.output.dense:output.dense',
    ]);
    const rows: Record<string, number[]> = {};
    m.hooks.wrapLinear(
      (info) => info.layer === 0,
      (x, base, info) => ((rows[info.role] ??= []).push(x.shape[0]), base(x)),
    );
    const [B, T] = [batch.inputIds.length, batch.inputIds[0].length];
    tf.tidy(() => { m.forward(batch); });
    expect(rows.query).toEqual([B * T, 2 * T - 1]); // content, then Qr for p2c
    expect(rows.key).toEqual([B * T, 2 * T - 1]); // content, then Kr for c2p
    expect(rows.value).toEqual([B * T]);
    expect(rows['output.dense']).toEqual([B * T]);
    // an edit of query_proj changes the output through both paths
    const q = make();
    q.hooks.wrapLinear((i) => i.role === 'query', (x, base) => tf.mul(base(x), 1.1));
    expect(logitsOf(q)).not.toEqual(logitsOf(make()));
  });

  test('without share_att_key the position projections are their own Linears (roles pos_key / pos_query)', () => {
    const m = make({ share_att_key: false });
    expect(m.linearLayers().filter((i) => i.layer === 1 && i.role.startsWith('pos_')).map((i) => i.name)).toEqual([
      'deberta.encoder.layer.1.attention.self.pos_key_proj',
      'deberta.encoder.layer.1.attention.self.pos_query_proj',
    ]);
    expect(m.params.tryGet('deberta.encoder.layer.1.attention.self.pos_query_proj.bias')).toBeDefined();
  });

  test('attention bias is added to the scores: a zero bias changes nothing, hiding keys changes the output', () => {
    const plain = tf.tidy(() => make().forward(batch).lastHiddenState.arraySync());
    const m = make();
    const shapes: number[][] = [];
    m.hooks.attentionBias((ctx) => {
      shapes.push([ctx.keyLength, ctx.numHeads]);
      return tf.tensor4d(Array.from({ length: ctx.keyLength }, (_, j) => (j === 0 ? 0 : -1e9)), [1, 1, 1, ctx.keyLength]);
    });
    expect(tf.tidy(() => m.forward(batch).lastHiddenState.arraySync())).not.toEqual(plain);
    expect(shapes).toEqual([[batch.inputIds[0].length, 2], [batch.inputIds[0].length, 2]]); // once per layer
    const z = make();
    z.hooks.attentionBias((ctx) => tf.zeros([1, 1, 1, ctx.keyLength]));
    expect(tf.tidy(() => z.forward(batch).lastHiddenState.arraySync())).toEqual(plain);
  });

  test('prefix keys/values are attended to (numKvHeads = heads, headDim = hidden / heads)', () => {
    const m = make();
    let seen: number[] = [];
    m.hooks.prefix((ctx) => {
      seen = [ctx.numKvHeads, ctx.headDim];
      return { key: tf.ones([ctx.batchSize, ctx.numKvHeads, 3, ctx.headDim]), value: tf.ones([ctx.batchSize, ctx.numKvHeads, 3, ctx.headDim]) };
    });
    const out = tf.tidy(() => m.forward(batch).lastHiddenState.shape);
    expect(out).toEqual([batch.inputIds.length, batch.inputIds[0].length, 16]);
    expect(seen).toEqual([2, 8]);
    expect(logitsOf(m)).not.toEqual(logitsOf(make()));
  });

  test('transformInput inserts tokens before embedding', () => {
    const m = make();
    let kinds: Int32Array | undefined;
    m.hooks.transformInput((input) => ({
      ...input,
      inputIds: input.inputIds.map((r) => [r[0], 5, ...r.slice(1)]),
      attentionMask: input.attentionMask.map((r) => [1, 1, ...r.slice(1)]),
      tokenKinds: input.attentionMask.map((r) => [TokenKind.source, TokenKind.inserted, ...r.slice(1).map((x) => (x ? TokenKind.source : TokenKind.pad))]),
    }));
    m.hooks.on('embeddings.output', (x, ctx) => ((kinds = ctx.tokenKinds), x));
    expect(tf.tidy(() => m.forward(batch).lastHiddenState.shape)[1]).toBe(batch.inputIds[0].length + 1);
    expect(kinds![1]).toBe(TokenKind.inserted);
  });
});

describe('DeBERTa-v2 virtual-token hooks and gradient checkpointing', () => {
  test('wordEmbeddings (HF inputs_embeds) replaces token embeddings: swapping in token 9\'s row equals feeding id 9', () => {
    const m = make();
    const ids = [[0, 5, 6, 2]];
    const mask = [[1, 1, 1, 1]];
    const row9 = tf.keep(tf.gather(m.params.get('deberta.embeddings.word_embeddings.weight').variable, [9]));
    m.hooks.wordEmbeddings((x) => tf.concat([tf.slice(x, [0, 0, 0], [1, 1, 16]), row9.reshape([1, 1, 16]), tf.slice(x, [0, 2, 0], [1, 2, 16])], 1));
    const swapped = logitsOf(m, { inputIds: ids, attentionMask: mask } as typeof batch);
    const direct = logitsOf(make(), { inputIds: [[0, 9, 6, 2]], attentionMask: mask } as typeof batch);
    swapped[0].forEach((v, j) => expect(Math.abs(v - direct[0][j])).toBeLessThan(1e-6));
  });

  test('prefix positions shift absolute positions (position_biased_input) like explicit position ids', () => {
    const withPrefix = make({ position_biased_input: true });
    const prefix = (ctx: { batchSize: number; numKvHeads: number; headDim: number }) => ({ key: tf.zeros([ctx.batchSize, ctx.numKvHeads, 2, ctx.headDim]), value: tf.zeros([ctx.batchSize, ctx.numKvHeads, 2, ctx.headDim]) });
    withPrefix.hooks.prefix(prefix, 'test', { positions: 2 });
    const explicit = make({ position_biased_input: true });
    explicit.hooks.prefix(prefix, 'test');
    const positionIds = batch.inputIds.map((r) => r.map((_, t) => t + 2));
    expect(logitsOf(withPrefix)).toEqual(logitsOf(explicit, { ...batch, positionIds } as typeof batch));
  });

  test('gradient checkpointing gives the same gradients (dropout on, rel_embeddings included)', () => {
    const names = make().params.all().map((p) => p.name);
    const grads = (checkpointing: boolean) => {
      const m = make({ hidden_dropout_prob: 0.1, attention_probs_dropout_prob: 0.1 });
      m.gradientCheckpointing = checkpointing;
      m.seedDropout(7);
      const { loss, grads } = gradientsOf(m, { ...batch, labels: batch.labels }, names, { training: true });
      return { loss, grads: new Map([...grads].map(([n, g]) => [n, g.dataSync().slice()])) };
    };
    const a = grads(false);
    const b = grads(true);
    expect(b.loss).toBe(a.loss);
    for (const n of names) {
      const x = a.grads.get(n)!;
      const y = b.grads.get(n)!;
      let worst = 0;
      x.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - y[j]))));
      expect(worst, n).toBeLessThan(1e-6);
    }
    expect(Math.max(...a.grads.get('deberta.encoder.rel_embeddings.weight')!.map(Math.abs))).toBeGreaterThan(0);
  });
});

describe('DeBERTa-v2 model', () => {
  test('right padding does not change the real positions (pair mask, zeroed pad rows)', () => {
    const m = make({}, 'token-classification');
    const ids = [0, 12, 7, 30, 2];
    const alone = tf.tidy(() => m.forward({ inputIds: [ids], attentionMask: [[1, 1, 1, 1, 1]] }).logits!.arraySync() as number[][][]);
    const padded = tf.tidy(() => m.forward({ inputIds: [[...ids, 1, 1, 1]], attentionMask: [[1, 1, 1, 1, 1, 0, 0, 0]] }).logits!.arraySync() as number[][][]);
    for (let t = 0; t < ids.length; t++) for (let c = 0; c < 2; c++) expect(Math.abs(padded[0][t][c] - alone[0][t][c])).toBeLessThan(1e-5);
  });

  test('heads: regression [B, 1], token classification [B, T, L], bare (no pooler, no head)', () => {
    const reg = make({ num_labels: 1 });
    expect(tf.tidy(() => reg.forward(batch).logits!.shape)).toEqual([batch.inputIds.length, 1]);
    const tok = make({ num_labels: 5 }, 'token-classification');
    expect(tf.tidy(() => tok.forward(batch).logits!.shape)).toEqual([batch.inputIds.length, batch.inputIds[0].length, 5]);
    expect(tok.params.tryGet('pooler.dense.weight')).toBeUndefined();
    const bare = make({}, 'bare');
    const out = bare.forward(batch);
    expect(out.logits).toBeUndefined();
    expect(out.poolerOutput).toBeUndefined();
    expect(bare.params.all().every((p) => p.owner === 'base')).toBe(true);
  });

  test('every parameter gets a gradient (relative embeddings and their LayerNorm included)', () => {
    const m = make();
    const names = m.params.all().map((p) => p.name);
    const { loss, grads } = gradientsOf(m, { ...batch, labels: batch.labels }, names, { training: true });
    expect(Number.isFinite(loss)).toBe(true);
    for (const n of names) {
      const g = grads.get(n)!;
      expect(tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]), n).toBeGreaterThan(0);
    }
  });

  test('buckets: exact within ±P/2, log-spaced to ±(P-1) at max_position - 1, odd', () => {
    expect([0, 1, 4, -4].map((r) => debertaBucket(r, 8, 32))).toEqual([0, 1, 4, -4]);
    expect(debertaBucket(31, 8, 32)).toBe(7);
    expect(debertaBucket(-31, 8, 32)).toBe(-7);
    expect(debertaBucket(5, 8, 32)).toBe(5);
    for (let r = 1; r < 600; r++) expect(debertaBucket(-r, 256, 512)).toBe(-debertaBucket(r, 256, 512));
    expect(debertaBucket(511, 256, 512)).toBe(255);
  });

  test('pos_att_type subsets and max_relative_positions > 0 build and run', () => {
    for (const o of [{ pos_att_type: 'c2p' }, { pos_att_type: ['p2c'] }, { pos_att_type: null }, { max_relative_positions: 16 }, { relative_attention: false, pos_att_type: null }]) {
      const m = make(o);
      expect(logitsOf(m).flat().every(Number.isFinite), JSON.stringify(o)).toBe(true);
    }
  });

  test('a bare DebertaV2Model checkpoint (no deberta. prefix) loads; head tensors of another task are reported unused', () => {
    const cls = make();
    const dir = mkdtempSync(join(tmpdir(), 'deberta-bare-'));
    const state = cls.stateDict();
    const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
    for (const [name, t] of state) tensors[name.replace(/^deberta\./, '')] = { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
    writeSafetensors(join(dir, 'model.safetensors'), tensors);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(tinyDeberta()));
    return loadModel(dir, { task: 'bare' }).then(({ model, report }) => {
      expect(report.unused.sort()).toEqual(['classifier.bias', 'classifier.weight', 'pooler.dense.bias', 'pooler.dense.weight']);
      const a = tf.tidy(() => model.forward(batch).lastHiddenState.arraySync());
      const b = tf.tidy(() => cls.forward(batch).lastHiddenState.arraySync());
      expect(a).toEqual(b);
    });
  });
});

describe('DeBERTa-v2 config.json validation', () => {
  const err = (o: Record<string, unknown>) => {
    try {
      parseHfConfig(tinyDeberta(o), 'cfg.json');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('expected an InputError');
  };
  test('bad fields name the file and the key', () => {
    expect(err({ position_buckets: 0 })).toMatch(/^cfg\.json \[position_buckets\]: must be a positive number of log buckets/);
    expect(err({ position_buckets: -1 })).toMatch(/^cfg\.json \[position_buckets\]/);
    const noBuckets = tinyDeberta();
    delete (noBuckets as Record<string, unknown>).position_buckets;
    expect(() => parseHfConfig(noBuckets, 'cfg.json')).toThrow(/cfg\.json \[position_buckets\]/);
    expect(err({ pos_att_type: 'p2c|c2x' })).toBe("cfg.json [pos_att_type.1]: unknown entry 'c2x' (DeBERTa-v2 attention knows c2p, p2c)");
    expect(err({ pos_att_type: ['p2p'] })).toMatch(/^cfg\.json \[pos_att_type\.0\]: unknown entry 'p2p'/);
    expect(err({ norm_rel_ebd: 'batch_norm' })).toMatch(/^cfg\.json \[norm_rel_ebd\.0\]/);
    expect(err({ conv_kernel_size: 3 })).toMatch(/^cfg\.json \[conv_kernel_size\]: 3: the DeBERTa-v2 convolution layer/);
    expect(err({ num_attention_heads: 3 })).toMatch(/^cfg\.json \[num_attention_heads\]/);
    expect(err({ relative_attention: false })).toMatch(/^cfg\.json \[pos_att_type\]: set \(p2c\|c2p\) but relative_attention is false/);
  });
  test('pos_att_type as "p2c|c2p" (deberta-v3-base) or a list; the public deberta-v3-base config parses', () => {
    expect(parseHfConfig(tinyDeberta({ pos_att_type: ' P2C | c2p ' })).pos_att_type).toEqual(['p2c', 'c2p']);
    expect(parseHfConfig(tinyDeberta({ pos_att_type: ['c2p'] })).pos_att_type).toEqual(['c2p']);
    const base = readHfConfig(join(import.meta.dirname, '../../configs/deberta-v3-base/config.json'));
    expect(base).toMatchObject({ model_type: 'deberta-v2', hidden_size: 768, position_buckets: 256, pos_att_type: ['p2c', 'c2p'], share_att_key: true, norm_rel_ebd: ['layer_norm'] });
  });
  test('the tiny config above builds a DebertaV2Model', () => {
    expect(make()).toBeInstanceOf(DebertaV2Model);
  });
});

describe.skipIf(!hasShared('fixtures/tokenizers/spm/spm-unigram'))('hf:microsoft/deberta-v3-base layout (loopback hub): spm.model, no tokenizer.json', () => {
  let hub: { url: string; close(): unknown; requests: unknown[] };
  const repoDir = mkdtempSync(join(tmpdir(), 'deberta-repo-'));
  const cache = mkdtempSync(join(tmpdir(), 'deberta-hub-cache-'));
  beforeAll(async () => {
    // A tiny model shaped like the repo: config.json (vocab = the spm fixture's 501 incl. [MASK]),
    // model.safetensors, spm.model, tokenizer_config.json; no tokenizer.json.
    const spm = join(sharedDir, 'fixtures/tokenizers/spm/spm-unigram');
    const config = tinyDeberta({ vocab_size: 501, pad_token_id: 0 });
    const m = createModel(parseHfConfig(config), 'sequence-classification', { seed: 3 });
    randomise(m, 5);
    const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
    for (const [name, t] of m.stateDict()) tensors[name] = { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
    writeSafetensors(join(repoDir, 'model.safetensors'), tensors);
    writeFileSync(join(repoDir, 'config.json'), JSON.stringify({ ...config, architectures: ['DebertaV2ForSequenceClassification'] }));
    copyFileSync(join(spm, 'spm.model'), join(repoDir, 'spm.model'));
    copyFileSync(join(spm, 'tokenizer_config.json'), join(repoDir, 'tokenizer_config.json'));
    m.dispose();
    const { startLoopbackHub } = await import('@peftbench/hub/testing');
    hub = (await startLoopbackHub({ models: { 'microsoft/deberta-v3-base': repoDir } })) as typeof hub;
  });
  afterAll(() => hub?.close());

  test('loadModel + loadTokenizer from the downloaded folder equal the local folder', async () => {
    const { loadTokenizer } = await import('@peftbench/tokenizers');
    const remote = await loadModel('hf:microsoft/deberta-v3-base', { task: 'sequence-classification', hubUrl: hub.url, cacheDir: cache });
    expect(existsSync(join(remote.dir, 'spm.model'))).toBe(true);
    expect(existsSync(join(remote.dir, 'tokenizer.json'))).toBe(false);
    const tok = await loadTokenizer(remote.dir);
    const enc = tok.encode('a gorgeous , witty , seductive movie .', 'the movie is [MASK] .');
    expect(enc.ids.slice(0, 3)).toEqual([1, 9, 150]);
    expect(enc.ids).toContain(500);
    const input = { inputIds: [enc.ids], attentionMask: [enc.ids.map(() => 1)], tokenTypeIds: [enc.typeIds] };
    const local = await loadModel(repoDir, { task: 'sequence-classification' });
    const a = tf.tidy(() => remote.model.forward(input).logits!.arraySync());
    const b = tf.tidy(() => local.model.forward(input).logits!.arraySync());
    expect(a).toEqual(b);
    remote.model.dispose();
    local.model.dispose();
  });
});
