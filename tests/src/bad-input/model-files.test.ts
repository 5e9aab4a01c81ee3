/**
 * Bad model and adapter folders, in-process: safetensors (every single-byte truncation of a small file, offsets
 * past the end blamed on the right tensor, wrong and unknown dtypes), config.json (every field removed in turn,
 * wrong types), tokenizer.json of the wrong shape, adapter folders (keys / shapes, peft_type). Each must throw an
 * InputError naming the file and the place, and write nothing into the folder.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseSafetensors, readSafetensors, serializeSafetensors, writeSafetensors } from '@peftbench/safetensors';
import { createModel, loadAdapter, loadModelFromDir, readAdapterConfig, readHfConfig, saveAdapter, type PreTrainedModel } from '@peftbench/core';
import { initBackendForTests, tinyEncoderConfig } from '@peftbench/core/testing';
import { loadTokenizer, tokenizerFromJson } from '@peftbench/tokenizers';
import { applyLoraMethod, loraConfigFromAdapterConfig, loraConfigSchema } from '@peftbench/method-lora';
import { tempDir } from '../sweep-helpers.ts';
import { expectNames, expectNoStack, expectUnchanged, inputErrorOf, snapshot } from './harness.ts';

async function expectBad(fn: () => unknown, names: (string | RegExp)[], dir?: string): Promise<string> {
  const before = dir ? snapshot(dir) : undefined;
  const msg = await inputErrorOf(fn);
  expectNames(msg, names);
  expectNoStack(msg);
  if (dir) expectUnchanged(before!, snapshot(dir), dir);
  return msg;
}

// ---------------------------------------------------------------------------------------------------------
// safetensors

/** A small file with three tensors of different dtypes (header ~ 250 bytes, data 56 bytes). */
function smallSafetensors(): Uint8Array {
  return serializeSafetensors({
    'a.weight': { dtype: 'F32', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
    'b.bias': { dtype: 'F16', shape: [4], data: new Uint16Array([0x3c00, 0x4000, 0x4200, 0x4400]) },
    'c.ids': { dtype: 'I64', shape: [3], data: new BigInt64Array([1n, 2n, 3n]) },
  }, { format: 'pt' });
}

const headerOf = (bytes: Uint8Array) => {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { n, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, any>, data: bytes.subarray(8 + n) };
};

/** Re-assemble a file from an edited header (padded with spaces to a multiple of 8, as the writer does) and data. */
function withHeader(json: Record<string, unknown>, data: Uint8Array): Uint8Array {
  let text = JSON.stringify(json);
  while ((8 + Buffer.byteLength(text)) % 8 !== 0) text += ' ';
  const h = Buffer.from(text);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

describe('bad-input: safetensors', () => {
  const file = '/models/m/model.safetensors';
  const good = smallSafetensors();
  const { n: headerLen, json: header, data } = headerOf(good);
  const tensors = Object.keys(header).filter((k) => k !== '__metadata__');

  test('the untouched file parses (the cases below differ from it by one thing)', () => {
    expect([...parseSafetensors(good, file).tensors.keys()].sort()).toEqual(tensors.sort());
  });

  // every single-byte truncation: [0, length)
  const cuts = Array.from({ length: good.length }, (_, i) => i);
  test.each(cuts)('truncated to %i bytes: names the file and the header, the tensor or the data', async (len) => {
    const msg = await expectBad(() => parseSafetensors(good.slice(0, len), file), [file]);
    // where the cut lands decides the place: inside the length field or the header → [header]; in the data → the
    // tensor whose bytes the cut falls in (the first by offset that ends past the new end)
    const dataLen = len - 8 - headerLen;
    const cut = tensors.filter((t) => header[t].data_offsets[1] > dataLen).sort((a, b) => header[a].data_offsets[0] - header[b].data_offsets[0])[0];
    if (len < 8 + headerLen) expect(msg).toContain('[header]');
    else expect(msg).toContain(`[tensor ${cut}]`);
  });

  test.each(tensors)('offsets of %s past the end of the data blame that tensor, not another', async (name) => {
    const json = structuredClone(header);
    const [b, e] = json[name].data_offsets;
    json[name].data_offsets = [data.length + 8, data.length + 8 + (e - b)];
    await expectBad(() => parseSafetensors(withHeader(json, data), file), [file, `[tensor ${name}]`, 'past']);
  });

  test.each(tensors)('%s with an unknown dtype names the tensor', async (name) => {
    const json = structuredClone(header);
    json[name].dtype = 'F12';
    await expectBad(() => parseSafetensors(withHeader(json, data), file), [file, `[tensor ${name}]`, 'F12']);
  });

  test.each(tensors)('%s with a dtype whose size does not fit its bytes names the tensor', async (name) => {
    const json = structuredClone(header);
    json[name].dtype = ['F64', 'I64', 'U64'].includes(json[name].dtype) ? 'U8' : 'F64';
    await expectBad(() => parseSafetensors(withHeader(json, data), file), [file, `[tensor ${name}]`]);
  });

  test.each(tensors)('%s with a negative / fractional shape names the tensor', async (name) => {
    const json = structuredClone(header);
    json[name].shape = [-1, 2.5];
    await expectBad(() => parseSafetensors(withHeader(json, data), file), [file, `[tensor ${name}]`, 'shape']);
  });

  test.each([
    ['header is not JSON', () => withHeader({} as never, data).fill(0x7b, 8, 9)],
    ['header is an array', () => { const h = Buffer.from('[]      '); const o = new Uint8Array(8 + h.length); new DataView(o.buffer).setBigUint64(0, BigInt(h.length), true); o.set(h, 8); return o; }],
    ['header length is 2^64 - 1', () => { const o = good.slice(); new DataView(o.buffer).setBigUint64(0, 2n ** 64n - 1n, true); return o; }],
    ['__metadata__ holds a number', () => withHeader({ ...header, __metadata__: { format: 1 } }, data)],
    ['two tensors overlap', () => { const j = structuredClone(header); j[tensors[1]].data_offsets = [...j[tensors[0]].data_offsets]; j[tensors[1]].shape = j[tensors[0]].shape; j[tensors[1]].dtype = j[tensors[0]].dtype; return withHeader(j, data); }],
    ['trailing bytes after the last tensor', () => withHeader(header, new Uint8Array([...data, 0, 0, 0, 0]))],
  ] as const)('%s', async (_name, make) => {
    await expectBad(() => parseSafetensors(make(), file), [file, /\[(header|__metadata__[.\w]*|tensor [\w.]+|data)\]/]);
  });

  test('a missing file names the path', async () => {
    await expectBad(() => readSafetensors('/nonexistent/model.safetensors'), ['/nonexistent/model.safetensors']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// model folders: config.json, model.safetensors through the loader, tokenizer.json

/** A micro RoBERTa folder (config.json + model.safetensors of a randomly initialised model). */
function writeMicroModel(dir: string, config = tinyEncoderConfig()): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  const model = createModel(config as never, 'masked-lm', { seed: 1 });
  const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
  for (const [name, t] of model.stateDict()) tensors[name] = { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
  model.dispose();
  writeSafetensors(join(dir, 'model.safetensors'), tensors);
}

describe('bad-input: model folders', () => {
  const root = tempDir('bad-model');
  const goodDir = join(root, 'good');
  beforeAll(async () => {
    await initBackendForTests();
    writeMicroModel(goodDir);
  });
  const copyModel = (name: string): string => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const f of ['config.json', 'model.safetensors']) copyFileSync(join(goodDir, f), join(dir, f));
    return dir;
  };

  test('the untouched folder loads', () => {
    const { model } = loadModelFromDir(goodDir, { task: 'masked-lm' });
    model.dispose();
  });

  // HF's RobertaConfig has defaults for every field but these (transformers 4.35 sets the sizes of a
  // roberta-base; peftbench asks for them, since a silent 768-wide default on a 16-wide checkpoint is a mismatch)
  const required = ['model_type', 'vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'max_position_embeddings'];
  const fields = Object.keys(tinyEncoderConfig());
  test.each(fields)('config.json without %s: an error naming the key if it is required, else the default loads', async (field) => {
    const dir = copyModel(`no-${field}`);
    const config: Record<string, unknown> = tinyEncoderConfig();
    delete config[field];
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    if (required.includes(field)) {
      await expectBad(() => loadModelFromDir(dir, { task: 'masked-lm' }), [join(dir, 'config.json'), `[${field}]`], dir);
    } else {
      // optional in HF too: the default must still give a model that fits the weights, or a clear error
      try {
        loadModelFromDir(dir, { task: 'masked-lm' }).model.dispose();
      } catch (err) {
        expect((err as Error).name).toBe('InputError');
        expectNames((err as Error).message, [dir]);
      }
    }
  });

  const wrongTypes: [string, unknown][] = [
    ['vocab_size', '40'], ['hidden_size', 16.5], ['num_hidden_layers', -2], ['num_attention_heads', 0], ['intermediate_size', null],
    ['max_position_embeddings', [34]], ['hidden_dropout_prob', 1.5], ['attention_probs_dropout_prob', 'high'], ['layer_norm_eps', -1],
    ['type_vocab_size', true], ['pad_token_id', -1], ['model_type', 'robertaa'], ['hidden_act', 'swish7'], ['num_attention_heads', 3],
  ];
  test.each(wrongTypes)('config.json with %s = %j names the key', async (field, value) => {
    const dir = copyModel(`bad-${field}-${String(value)}`);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...tinyEncoderConfig(), [field]: value }));
    await expectBad(() => loadModelFromDir(dir, { task: 'masked-lm' }), [join(dir, 'config.json'), `[${field}]`], dir);
  });

  test.each([
    ['not JSON', '{"model_type": "roberta",', /config\.json.*JSON/],
    ['an array', '[1, 2]', /config\.json.*object/],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xe9, 0xff, 0x22, 0x3a, 0x31, 0x7d]), /config\.json:1.*UTF-8/],
  ] as const)('config.json that is %s', async (_n, content, re) => {
    const dir = copyModel(`cfg-${_n.replace(/\W/g, '')}`);
    writeFileSync(join(dir, 'config.json'), content);
    await expectBad(() => readHfConfig(join(dir, 'config.json')), [re], dir);
  });

  test('a folder without model.safetensors names the missing file', async () => {
    const dir = join(root, 'no-weights');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(goodDir, 'config.json'), join(dir, 'config.json'));
    await expectBad(() => loadModelFromDir(dir, { task: 'masked-lm' }), [join(dir, 'model.safetensors'), 'missing'], dir);
  });

  const weightEdits: [string, (t: Record<string, { dtype: string; shape: number[]; data: any }>) => string][] = [
    ['a weight removed', (t) => { const k = 'roberta.encoder.layer.1.attention.self.query.weight'; delete t[k]; return k; }],
    ['a weight of the wrong shape', (t) => { const k = 'roberta.encoder.layer.0.intermediate.dense.weight'; t[k] = { dtype: 'F32', shape: [16, 32], data: t[k].data }; return k; }],
    ['a weight stored as I32', (t) => { const k = 'roberta.embeddings.word_embeddings.weight'; t[k] = { dtype: 'I32', shape: t[k].shape, data: new Int32Array(t[k].data.length) }; return k; }],
  ];
  test.each(weightEdits)('model.safetensors with %s names the tensor', async (_n, edit) => {
    const dir = copyModel(`w-${_n.replace(/\W/g, '')}`);
    const file = readSafetensors(join(goodDir, 'model.safetensors'));
    const t: Record<string, { dtype: string; shape: number[]; data: any }> = {};
    for (const [k, e] of file.tensors) t[k] = { dtype: e.dtype, shape: e.shape, data: e.data };
    const key = edit(t);
    writeFileSync(join(dir, 'model.safetensors'), serializeSafetensors(t as never));
    await expectBad(() => loadModelFromDir(dir, { task: 'masked-lm' }), [join(dir, 'model.safetensors'), key], dir);
  });
});

describe('bad-input: tokenizer.json of the wrong shape names the key', () => {
  const base = () => ({
    version: '1.0', truncation: null, padding: null,
    added_tokens: [{ id: 0, content: '[UNK]', special: true, single_word: false, lstrip: false, rstrip: false, normalized: false }],
    normalizer: null, pre_tokenizer: { type: 'Whitespace' }, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { '[UNK]': 0, a: 1, b: 2 } as unknown, unk_token: '[UNK]' } as Record<string, unknown>,
  } as Record<string, any>);
  const source = '/models/m/tokenizer.json';
  test('the untouched tokenizer works', () => {
    expect(tokenizerFromJson(base() as never, {}, source).encode('a b').ids).toEqual([1, 2]);
  });
  const cases: [string, (j: Record<string, any>) => void, string][] = [
    ['model is null', (j) => { j.model = null; }, 'model'],
    ['model is an array', (j) => { j.model = []; }, 'model'],
    ['model.type is unknown', (j) => { j.model.type = 'Foo'; }, 'model.type'],
    ['model.vocab is missing', (j) => { delete j.model.vocab; }, 'model.vocab'],
    ['model.vocab is an array (WordLevel)', (j) => { j.model.vocab = ['a']; }, 'model.vocab'],
    ['model.vocab is a string', (j) => { j.model.vocab = 'a'; }, 'model.vocab'],
    ['a vocab id is a string', (j) => { j.model.vocab.a = 'x'; }, 'model.vocab.a'],
    ['a vocab id is negative', (j) => { j.model.vocab.b = -3; }, 'model.vocab.b'],
    ['BPE without merges', (j) => { j.model = { type: 'BPE', vocab: { a: 0 } }; }, 'model.merges'],
    ['BPE merges is an object', (j) => { j.model = { type: 'BPE', vocab: { a: 0 }, merges: {} }; }, 'model.merges'],
    ['BPE merge that is a number', (j) => { j.model = { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b', 7] }; }, 'model.merges[1]'],
    ['WordPiece vocab is an array', (j) => { j.model = { type: 'WordPiece', vocab: [1], unk_token: '[UNK]' }; }, 'model.vocab'],
    ['Unigram vocab is an object', (j) => { j.model = { type: 'Unigram', vocab: { a: 1 } }; }, 'model.vocab'],
    ['Unigram entry is not [piece, score]', (j) => { j.model = { type: 'Unigram', vocab: [['a', -1], ['b']] }; }, 'model.vocab[1]'],
    ['added_tokens is an object', (j) => { j.added_tokens = {}; }, 'added_tokens'],
    ['added_tokens is a string', (j) => { j.added_tokens = 'x'; }, 'added_tokens'],
    ['an added token without id', (j) => { delete j.added_tokens[0].id; }, 'added_tokens[0].id'],
    ['an added token that is null', (j) => { j.added_tokens[0] = null; }, 'added_tokens[0]'],
    ['an added token without content', (j) => { delete j.added_tokens[0].content; }, 'added_tokens[0].content'],
    ['pre_tokenizer of unknown type', (j) => { j.pre_tokenizer = { type: 'Nope' }; }, 'pre_tokenizer'],
    ['pre_tokenizer is a number', (j) => { j.pre_tokenizer = 5; }, 'pre_tokenizer'],
    ['normalizer of unknown type', (j) => { j.normalizer = { type: 'Nope' }; }, 'normalizer'],
    ['post_processor of unknown type', (j) => { j.post_processor = { type: 'Nope' }; }, 'post_processor'],
    ['post_processor is a string', (j) => { j.post_processor = 'x'; }, 'post_processor'],
    ['decoder of unknown type', (j) => { j.decoder = { type: 'Nope' }; }, 'decoder'],
  ];
  test.each(cases)('%s', async (_n, mutate, key) => {
    const j = base();
    mutate(j);
    await expectBad(() => tokenizerFromJson(j as never, {}, source), [source, `[${key}]`]);
  });

  test('through loadTokenizer: a folder whose tokenizer.json has a vocab array names file and key, writes nothing', async () => {
    const dir = tempDir('bad-tok');
    const j = base();
    j.model.vocab = ['a'];
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(j));
    await expectBad(() => loadTokenizer(dir), [join(dir, 'tokenizer.json'), '[model.vocab]'], dir);
  });
  test('through loadTokenizer: tokenizer.json with invalid UTF-8 names the line', async () => {
    const dir = tempDir('bad-tok');
    writeFileSync(join(dir, 'tokenizer.json'), Buffer.concat([Buffer.from('{\n"version": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    await expectBad(() => loadTokenizer(dir), [`${join(dir, 'tokenizer.json')}:2`, 'UTF-8'], dir);
  });
});

// ---------------------------------------------------------------------------------------------------------
// adapter folders (HF PEFT layout)

describe('bad-input: adapter folders', () => {
  const root = tempDir('bad-adapter');
  const goodDir = join(root, 'good');
  const task = { kind: 'sequence-classification' as const, numLabels: 2 };
  const loraCfg = () => loraConfigSchema.parse({ r: 2, lora_alpha: 4, target_modules: ['query', 'value'] });
  const fresh = (): PreTrainedModel => createModel(tinyEncoderConfig() as never, 'sequence-classification', { seed: 3, numLabels: 2 });
  beforeAll(async () => {
    await initBackendForTests();
    const model = fresh();
    saveAdapter(goodDir, applyLoraMethod(model, loraCfg(), task));
    model.dispose();
  });
  /** Read an adapter folder the way a user's would be: config → method config → apply → tensors. */
  const load = (dir: string) => {
    const json = readAdapterConfig(dir);
    const cfg = loraConfigFromAdapterConfig(json, task, join(dir, 'adapter_config.json'));
    const model = fresh();
    try {
      loadAdapter(dir, applyLoraMethod(model, cfg, task));
    } finally {
      model.dispose();
    }
  };
  const copyAdapter = (name: string) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const f of ['adapter_config.json', 'adapter_model.safetensors']) copyFileSync(join(goodDir, f), join(dir, f));
    return dir;
  };
  const editTensors = (dir: string, edit: (t: Record<string, { dtype: string; shape: number[]; data: Float32Array }>) => void) => {
    const file = readSafetensors(join(goodDir, 'adapter_model.safetensors'));
    const t: Record<string, { dtype: string; shape: number[]; data: Float32Array }> = {};
    for (const [k, e] of file.tensors) t[k] = { dtype: e.dtype, shape: e.shape, data: e.data as Float32Array };
    edit(t);
    writeFileSync(join(dir, 'adapter_model.safetensors'), serializeSafetensors(t as never));
  };
  const configEdit = (dir: string, edit: (c: Record<string, unknown>) => void) => {
    const c = JSON.parse(readFileSync(join(goodDir, 'adapter_config.json'), 'utf8'));
    edit(c);
    writeFileSync(join(dir, 'adapter_config.json'), JSON.stringify(c));
  };
  const firstLoraA = () => [...readSafetensors(join(goodDir, 'adapter_model.safetensors')).tensors.keys()].find((k) => k.includes('lora_A'))!;

  test('the untouched adapter loads', () => load(goodDir));

  test.each([
    ['a tensor removed', (d: string) => { const k = firstLoraA(); editTensors(d, (t) => delete t[k]); return ['adapter_model.safetensors', k.replace(/\.weight$/, '')]; }],
    ['an extra tensor', (d: string) => { editTensors(d, (t) => (t['base_model.model.roberta.bogus.weight'] = { dtype: 'F32', shape: [2], data: new Float32Array(2) })); return ['adapter_model.safetensors', 'base_model.model.roberta.bogus.weight']; }],
    ['a tensor of the wrong shape', (d: string) => { const k = firstLoraA(); editTensors(d, (t) => (t[k] = { dtype: 'F32', shape: [3, 16], data: new Float32Array(48) })); return ['adapter_model.safetensors', k.replace(/\.weight$/, '')]; }],
    ['r that does not match the tensors', (d: string) => { configEdit(d, (c) => (c.r = 3)); return ['adapter_model.safetensors', 'lora_']; }],
    ['peft_type IA3', (d: string) => { configEdit(d, (c) => (c.peft_type = 'IA3')); return ['adapter_config.json', '[peft_type]']; }],
    ['peft_type missing', (d: string) => { configEdit(d, (c) => delete c.peft_type); return ['adapter_config.json', '[peft_type]']; }],
    ['an unknown field', (d: string) => { configEdit(d, (c) => (c.lora_alpah = 8)); return ['adapter_config.json', '[lora_alpah]']; }],
    ['r negative', (d: string) => { configEdit(d, (c) => (c.r = -4)); return ['adapter_config.json', '[r]']; }],
    ['task_type for a causal LM', (d: string) => { configEdit(d, (c) => (c.task_type = 'CAUSAL_LM')); return ['adapter_config.json', '[task_type]']; }],
    ['adapter_config.json not JSON', (d: string) => { writeFileSync(join(d, 'adapter_config.json'), '{"r": 2,'); return ['adapter_config.json', 'JSON']; }],
    ['adapter_config.json with invalid UTF-8', (d: string) => { writeFileSync(join(d, 'adapter_config.json'), Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])); return ['adapter_config.json:1', 'UTF-8']; }],
    ['adapter_model.safetensors missing', (d: string) => { writeFileSync(join(d, 'adapter_model.safetensors'), ''); return ['adapter_model.safetensors', '[header]']; }],
  ] as const)('%s', async (name, make) => {
    const dir = copyAdapter(name.replace(/\W+/g, '-'));
    const names = make(dir);
    await expectBad(() => load(dir), names as unknown as string[], dir);
  });
});
