/**
 * llama2.c stories260K → HF folder → normal loader: greedy decoding from BOS reproduces llama2.c's own
 * reference text (test_all.py, quoted in ../shared/data/MANIFEST.md) token for token, and the mean NLL of
 * the MANIFEST's sentence is 0.324 nats/token.
 */
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Tokenizer } from '@huggingface/tokenizers';
import { hasShared, sharedDir, InputError } from '@peftbench/util';
import { loadModel } from '../models/index.ts';
import type { DecoderModel } from '../models/decoder-base.ts';
import { causalLmLoss } from '../train/losses.ts';
import { generate } from '../generate/index.ts';
import { runConvertCli } from './cli.ts';
import { llama2cDecode, llama2cEncode, permuteRopeRows, readLlama2cTokenizer } from './index.ts';
import { initBackendForTests } from '../testing.ts';

const SUB = 'data/pretrained/stories260K';
const available = hasShared(SUB);
if (!available) console.log(`skipping llama2.c conversion tests: ${sharedDir}/${SUB} is absent`);

/** llama2.c test_all.py's expected output for stories260K (its opening, as MANIFEST.md quotes it). */
const REFERENCE =
  'Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily\'s mom said, "Lily, let\'s go to the park."';
const NLL_SENTENCE = 'Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball.';

test('RoPE row permutation: interleaved pairs (2i, 2i+1) become (i, i + dh/2) within each head', () => {
  // 2 heads of size 4, one input feature: row r holds value r
  const w = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
  expect([...permuteRopeRows(w, 2, 4, 1)]).toEqual([0, 2, 1, 3, 4, 6, 5, 7]);
});

describe.skipIf(!available)('llama2.c stories260K', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peftbench-llama2c-'));
  const ckpt = join(sharedDir, SUB, 'stories260K.bin');
  const tokPath = join(sharedDir, SUB, 'tok512.bin');
  let model: DecoderModel;

  beforeAll(async () => {
    await initBackendForTests();
    expect(await runConvertCli(['llama2c', '--checkpoint', ckpt, '--tokenizer', tokPath, '--out', dir])).toBe(0);
    ({ model } = await loadModel<DecoderModel>(dir, { task: 'causal-lm' }));
  });
  afterAll(() => {
    model?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the folder is an HF Llama: config and tied embeddings', () => {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'llama', hidden_size: 64, intermediate_size: 172, num_hidden_layers: 5, num_attention_heads: 8, num_key_value_heads: 4, vocab_size: 512, tie_word_embeddings: true });
    // 264,128 floats in the file minus the two legacy RoPE tables (2 × 512 × 4)
    expect(model.params.countAll()).toBe(264128 - 4096);
  });

  test('greedy decoding from BOS reproduces llama2.c reference text token for token', () => {
    const tok = readLlama2cTokenizer(tokPath, 512);
    const expectedIds = llama2cEncode(tok, REFERENCE); // [BOS, ...]
    const out = generate(model, { inputIds: [[1]] }, { maxNewTokens: expectedIds.length - 1 + 8, eosTokenId: null });
    const ids = out.sequences[0];
    expect(ids.slice(0, expectedIds.length)).toEqual(expectedIds);
    expect(llama2cDecode(tok, ids).startsWith(REFERENCE)).toBe(true);
  });

  test('mean NLL of the MANIFEST sentence is 0.324 nats/token', () => {
    const tok = readLlama2cTokenizer(tokPath, 512);
    const ids = llama2cEncode(tok, NLL_SENTENCE);
    expect(ids.length - 1).toBe(44); // 44 predicted tokens after BOS
    const nll = tf.tidy(() => causalLmLoss(model.forward({ inputIds: [ids], attentionMask: [ids.map(() => 1)] }).logits!, [ids]).arraySync());
    expect(nll).toBeCloseTo(0.324, 3);
  });

  test('tokenizer.json through @huggingface/tokenizers encodes and decodes as llama2.c does', () => {
    const tok = readLlama2cTokenizer(tokPath, 512);
    const hf = new Tokenizer(JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')), JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')));
    for (const text of [NLL_SENTENCE, REFERENCE, 'Zoë ate 3 éclairs.']) {
      const ours = llama2cEncode(tok, text);
      expect(hf.encode(text).ids, text).toEqual(ours);
      expect(hf.decode(ours, { skip_special_tokens: true })).toBe(llama2cDecode(tok, ours));
    }
  });

  test('bad input: truncated checkpoint, tokenizer of the wrong size, missing flag', async () => {
    const bad = join(dir, 'truncated.bin');
    writeFileSync(bad, readFileSync(ckpt).subarray(0, 5000));
    await expect(runConvertCli(['llama2c', '--checkpoint', bad, '--tokenizer', tokPath, '--out', join(dir, 'x')])).rejects.toThrow(/truncated\.bin: 5000 bytes/);
    expect(() => readLlama2cTokenizer(tokPath, 400)).toThrow(/trailing bytes/);
    await expect(runConvertCli(['llama2c', '--checkpoint', ckpt, '--out', dir])).rejects.toThrow(InputError);
    await expect(runConvertCli(['llama2c', '--checkpoint', ckpt, '--out', dir])).rejects.toThrow('[--tokenizer]');
  });
});
