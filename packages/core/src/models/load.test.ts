/** Bad input: every malformed model folder gives an InputError naming the file and the key or tensor. */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readSafetensors, writeSafetensors } from '@peftbench/safetensors';
import { InputError, hasShared, sharedDir } from '@peftbench/util';
import { loadModel } from './index.ts';
import { getMethod, parseMethodConfig, registerMethod } from '../method.ts';
import { initBackendForTests } from '../testing.ts';
import { z } from 'zod';

beforeAll(initBackendForTests);

const fixture = join(sharedDir, 'fixtures/hf-parity/roberta-1');

function folderWith(config: unknown, mutate?: (t: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'peftbench-load-'));
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  if (!mutate) {
    copyFileSync(join(fixture, 'model.safetensors'), join(dir, 'model.safetensors'));
    return dir;
  }
  const src = readSafetensors(join(fixture, 'model.safetensors'));
  const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
  for (const [name, e] of src.tensors) tensors[name] = { dtype: 'F32', shape: e.shape, data: e.data as Float32Array };
  mutate(tensors);
  writeSafetensors(join(dir, 'model.safetensors'), tensors);
  return dir;
}

async function loadError(dir: string): Promise<InputError> {
  try {
    await loadModel(dir, { task: 'sequence-classification' });
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected the load to fail');
}

describe.skipIf(!hasShared('fixtures/hf-parity'))('model loading: bad input', async () => {
  const { readFileSync } = await import('node:fs');
  // a skipped describe's body still runs while vitest collects: read only when the fixture exists
  const config = hasShared('fixtures/hf-parity') ? JSON.parse(readFileSync(join(fixture, 'config.json'), 'utf8')) : {};

  test('config.json that is not JSON', async () => {
    expect((await loadError(folderWith('{ "model_type": '))).message).toMatch(/config\.json: not valid JSON/);
  });
  test('missing key', async () => {
    const { hidden_size: _, ...rest } = config;
    expect((await loadError(folderWith(rest))).message).toMatch(/config\.json \[hidden_size\]/);
  });
  test('wrong type', async () => {
    expect((await loadError(folderWith({ ...config, num_hidden_layers: 'two' }))).message).toMatch(/config\.json \[num_hidden_layers\]/);
  });
  test('heads that do not divide the hidden size', async () => {
    expect((await loadError(folderWith({ ...config, num_attention_heads: 5 }))).message).toMatch(/\[num_attention_heads\].*not divisible/);
  });
  test('unsupported model_type', async () => {
    expect((await loadError(folderWith({ ...config, model_type: 'xlnet' }))).message).toMatch(/\[model_type\]: unsupported model_type 'xlnet'/);
  });
  test('a tensor the architecture does not know', async () => {
    const dir = folderWith(config, (t) => (t['roberta.encoder.layer.0.attention.self.extra.weight'] = { dtype: 'F32', shape: [2], data: new Float32Array(2) }));
    expect((await loadError(dir)).message).toMatch(/model\.safetensors \[roberta\.encoder\.layer\.0\.attention\.self\.extra\.weight\]: tensor is not part of/);
  });
  test('a missing backbone tensor', async () => {
    const dir = folderWith(config, (t) => delete t['roberta.encoder.layer.1.output.dense.bias']);
    expect((await loadError(dir)).message).toMatch(/\[roberta\.encoder\.layer\.1\.output\.dense\.bias\]: tensor missing/);
  });
  test('a tensor whose shape disagrees with the config', async () => {
    const dir = folderWith({ ...config, intermediate_size: 48 });
    expect((await loadError(dir)).message).toMatch(/\[roberta\.encoder\.layer\.0\.intermediate\.dense\.(weight|bias)\]: shape \[64(,32)?\] does not match the model.s \[48(,32)?\]/);
  });
  test('a missing head is freshly initialised and reported', async () => {
    const dir = folderWith(config, (t) => {
      for (const k of Object.keys(t)) if (k.startsWith('classifier.')) delete t[k];
    });
    const { report, model } = await loadModel(dir, { task: 'sequence-classification' });
    expect(report.newlyInitialised.sort()).toEqual(['classifier.dense.bias', 'classifier.dense.weight', 'classifier.out_proj.bias', 'classifier.out_proj.weight']);
    model.dispose();
  });
  test('an MLM head in the checkpoint is reported unused when classifying', async () => {
    const dir = folderWith(config, (t) => (t['lm_head.bias'] = { dtype: 'F32', shape: [150], data: new Float32Array(150) }));
    const { report, model } = await loadModel(dir, { task: 'sequence-classification' });
    expect(report.unused).toEqual(['lm_head.bias']);
    model.dispose();
  });
  test('missing files', async () => {
    expect((await loadError(join(tmpdir(), 'peftbench-no-such-model'))).message).toMatch(/config\.json: missing/);
  });
});

describe('method registry: bad input', () => {
  test('unknown method names the known ones', () => {
    registerMethod({ name: 'toy', summary: '', configSchema: z.object({ r: z.number().int().positive() }), apply: () => { throw new Error(); }, countTrainable: () => 0 });
    expect(() => getMethod('lorra')).toThrow(/unknown method 'lorra' \(known: .*toy/);
  });
  test('invalid config names the key', () => {
    expect(() => parseMethodConfig(getMethod('toy'), { r: -1 }, 'sweep.yaml methods.toy')).toThrow(/sweep\.yaml methods\.toy \[r\]/);
  });
});
