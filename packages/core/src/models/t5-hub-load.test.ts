/**
 * `loadModel('hf:google-t5/t5-base')` against the loopback hub, with a tiny T5 laid out like that repo:
 * config.json, model.safetensors, generation_config.json, spiece.model (+ tokenizer_config.json,
 * special_tokens_map.json), no tokenizer.json. The model equals the local folder's and the SentencePiece
 * model comes down with it.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { startLoopbackHub } from '@peftbench/hub/testing';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadModel } from './index.ts';
import type { T5Model } from './t5.ts';
import { generate } from '../generate/index.ts';
import { initBackendForTests } from '../testing.ts';

const ok = hasShared('fixtures/hf-parity/t5-2') && hasShared('fixtures/tokenizers/spm/spm-t5');
if (!ok) console.log(`skipping T5 hub loading: ${sharedDir}/fixtures/hf-parity/t5-2 or fixtures/tokenizers/spm/spm-t5 is absent`);

describe.skipIf(!ok)('T5 from the hub (loopback), laid out like google-t5/t5-base', () => {
  let hub: Awaited<ReturnType<typeof startLoopbackHub>>;
  const repo = mkdtempSync(join(tmpdir(), 'peftbench-t5-repo-'));
  const cache = mkdtempSync(join(tmpdir(), 'peftbench-t5-cache-'));
  const model = join(sharedDir, 'fixtures/hf-parity/t5-2');
  const spm = join(sharedDir, 'fixtures/tokenizers/spm/spm-t5');
  beforeAll(async () => {
    await initBackendForTests();
    for (const f of ['config.json', 'model.safetensors', 'generation_config.json']) copyFileSync(join(model, f), join(repo, f));
    for (const f of ['spiece.model', 'tokenizer_config.json', 'special_tokens_map.json']) copyFileSync(join(spm, f), join(repo, f));
    hub = await startLoopbackHub({ models: { 'google-t5/t5-base': repo } });
  });
  afterAll(() => hub?.close());

  test('hf:google-t5/t5-base loads the same model as the folder, with spiece.model and no tokenizer.json', async () => {
    const remote = await loadModel<T5Model>('hf:google-t5/t5-base', { task: 'causal-lm', hubUrl: hub.url, cacheDir: cache });
    expect(remote.dir.startsWith(cache)).toBe(true);
    expect(existsSync(join(remote.dir, 'spiece.model'))).toBe(true);
    expect(readFileSync(join(remote.dir, 'spiece.model'))).toEqual(readFileSync(join(spm, 'spiece.model')));
    expect(existsSync(join(remote.dir, 'tokenizer.json'))).toBe(false);
    const local = await loadModel<T5Model>(model, { task: 'causal-lm' });
    const input = { inputIds: [[141, 26, 3, 25, 184, 1]], attentionMask: [[1, 1, 1, 1, 1, 1]] };
    const a = generate(local.model, input, { maxNewTokens: 4 });
    const b = generate(remote.model, input, { maxNewTokens: 4 });
    expect(b.sequences).toEqual(a.sequences);
    const la = tf.tidy(() => local.model.forward({ ...input, decoderInputIds: a.sequences }).logits!.arraySync());
    const lb = tf.tidy(() => remote.model.forward({ ...input, decoderInputIds: a.sequences }).logits!.arraySync());
    expect(lb).toEqual(la);
    remote.model.dispose();
    local.model.dispose();
  });
});
