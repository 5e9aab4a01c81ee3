/**
 * `loadModel('hf:google-t5/t5-base')` against the loopback hub, with a tiny T5 laid out like that repo:
 * config.json (t5-base's fields, tiny sizes, vocab padded beyond the tokenizer as t5-base's 32128 > 32100),
 * model.safetensors (HF names, tied: `shared.weight` only), generation_config.json, spiece.model
 * (+ tokenizer_config.json, special_tokens_map.json, added_tokens.json), no tokenizer.json. The model equals
 * the one written, the SentencePiece tokenizer loads from the downloaded folder and gives the HF slow
 * T5Tokenizer's ids, and text → ids → generate → text runs end to end.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { startLoopbackHub } from '@peftbench/hub/testing';
import { writeSafetensors } from '@peftbench/safetensors';
import { loadTokenizer } from '@peftbench/tokenizers';
import { hasShared, sharedDir } from '@peftbench/util';
import { createModel, loadModel, parseHfConfig } from './index.ts';
import type { T5Model } from './t5.ts';
import { generate } from '../generate/index.ts';
import { initBackendForTests } from '../testing.ts';

const ok = hasShared('fixtures/tokenizers/spm/spm-t5');
if (!ok) console.log(`skipping T5 hub loading: ${sharedDir}/fixtures/tokenizers/spm/spm-t5 is absent`);

const CONFIG = {
  architectures: ['T5ForConditionalGeneration'],
  d_ff: 48,
  d_kv: 8,
  d_model: 24,
  decoder_start_token_id: 0,
  dropout_rate: 0.1,
  eos_token_id: 1,
  initializer_factor: 1.0,
  is_encoder_decoder: true,
  layer_norm_epsilon: 1e-6,
  model_type: 't5',
  n_positions: 512,
  num_heads: 3,
  num_layers: 2,
  output_past: true,
  pad_token_id: 0,
  relative_attention_num_buckets: 32,
  vocab_size: 416,
};

describe.skipIf(!ok)('T5 from the hub (loopback), laid out like google-t5/t5-base', () => {
  let hub: Awaited<ReturnType<typeof startLoopbackHub>>;
  const repo = mkdtempSync(join(tmpdir(), 'peftbench-t5-repo-'));
  const cache = mkdtempSync(join(tmpdir(), 'peftbench-t5-cache-'));
  const spm = join(sharedDir, 'fixtures/tokenizers/spm/spm-t5');
  let written: T5Model;
  beforeAll(async () => {
    await initBackendForTests();
    written = createModel(parseHfConfig(CONFIG), 'causal-lm', { seed: 5 }) as T5Model;
    const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
    for (const [name, t] of written.stateDict()) tensors[name] = { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
    writeSafetensors(join(repo, 'model.safetensors'), tensors);
    writeFileSync(join(repo, 'config.json'), JSON.stringify(CONFIG, null, 2));
    writeFileSync(join(repo, 'generation_config.json'), JSON.stringify({ decoder_start_token_id: 0, eos_token_id: 1, pad_token_id: 0 }));
    for (const f of ['spiece.model', 'tokenizer_config.json', 'special_tokens_map.json', 'added_tokens.json']) copyFileSync(join(spm, f), join(repo, f));
    hub = await startLoopbackHub({ models: { 'google-t5/t5-base': repo } });
  });
  afterAll(() => {
    hub?.close();
    written?.dispose();
  });

  test('hf:google-t5/t5-base: same model, spiece.model tokenizer with HF ids, text to text', async () => {
    const remote = await loadModel<T5Model>('hf:google-t5/t5-base', { task: 'causal-lm', hubUrl: hub.url, cacheDir: cache });
    expect(remote.dir.startsWith(cache)).toBe(true);
    expect(remote.report).toEqual({ unused: [], newlyInitialised: [] });
    expect(readFileSync(join(remote.dir, 'spiece.model'))).toEqual(readFileSync(join(spm, 'spiece.model')));
    expect(existsSync(join(remote.dir, 'tokenizer.json'))).toBe(false);

    const tok = await loadTokenizer(remote.dir);
    const cases = JSON.parse(readFileSync(join(spm, 'cases.json'), 'utf8')).cases as { text: string; input_ids: number[]; pair?: string }[];
    const plain = cases.filter((c) => c.pair === undefined).slice(0, 5);
    expect(plain.length).toBeGreaterThan(0);
    for (const c of plain) expect(tok.encode(c.text).ids, c.text).toEqual(c.input_ids);

    const texts = plain.slice(0, 2).map((c) => c.text);
    const ids = texts.map((t) => tok.encode(t).ids);
    const T = Math.max(...ids.map((r) => r.length));
    const prompt = { inputIds: ids.map((r) => [...r, ...Array(T - r.length).fill(tok.special.pad ?? 0)]), attentionMask: ids.map((r) => [...r.map(() => 1), ...Array(T - r.length).fill(0)]) };
    const a = generate(written, prompt, { maxNewTokens: 5 });
    const b = generate(remote.model, prompt, { maxNewTokens: 5 });
    expect(b.sequences).toEqual(a.sequences);
    const la = tf.tidy(() => written.forward({ ...prompt, decoderInputIds: a.sequences }).logits!.arraySync());
    const lb = tf.tidy(() => remote.model.forward({ ...prompt, decoderInputIds: a.sequences }).logits!.arraySync());
    expect(lb).toEqual(la);
    for (const row of b.newTokens) expect(typeof tok.decode(row, { skipSpecialTokens: true })).toBe('string');
    remote.model.dispose();
  });
});
