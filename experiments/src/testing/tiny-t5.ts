/**
 * A tiny T5 model folder for tests, laid out like google-t5/t5-base (config.json, model.safetensors, spiece.model,
 * tokenizer_config.json; no tokenizer.json), built here from a config: no ../shared, no download. The SentencePiece
 * model is character-level (T5's ids: <pad> 0, </s> 1, <unk> 2, then ▁, letters, digits, punctuation), written as a
 * ModelProto by the small protobuf writer below.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createModel, parseHfConfig } from '@peftbench/core';
import { writeSafetensors } from '@peftbench/safetensors';
import { tempDir } from './tmp.ts';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const bytesField = (field: number, b: number[]) => [...tag(field, 2), ...varint(b.length), ...b];
const stringField = (field: number, s: string) => bytesField(field, [...Buffer.from(s, 'utf8')]);
const floatField = (field: number, x: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(x);
  return [...tag(field, 5), ...b];
};
const intField = (field: number, x: number) => [...tag(field, 0), ...varint(x)];

/** Pieces (text, score, type: 1 normal, 2 unknown, 3 control) → ModelProto bytes (Unigram, identity normalizer). */
export function spmModelBytes(pieces: [string, number, number][], unkId: number): Uint8Array {
  const out: number[] = [];
  for (const [piece, score, type] of pieces) out.push(...bytesField(1, [...stringField(1, piece), ...floatField(2, score), ...intField(3, type)]));
  out.push(...bytesField(2, [...intField(3, 1), ...intField(40, unkId)])); // trainer_spec: model_type UNIGRAM, unk_id
  out.push(...bytesField(3, stringField(1, 'identity'))); // normalizer_spec
  return Uint8Array.from(out);
}

const CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;\'"!?-_()[]=/&'];

/** The character-level T5 pieces: <pad>, </s>, <unk>, ▁, then every character, each also with a leading ▁. */
export function tinyT5Pieces(): [string, number, number][] {
  return [['<pad>', 0, 3], ['</s>', 0, 3], ['<unk>', 0, 2], ['\u2581', -2, 1], ...CHARS.map((c): [string, number, number] => [c, -3, 1]), ...CHARS.map((c): [string, number, number] => [`\u2581${c}`, -4, 1])];
}

/** Write a tiny T5 folder (random weights from `seed`); returns the folder. */
export function writeTinyT5(opts: { seed?: number; config?: Record<string, unknown> } = {}): string {
  const dir = tempDir('peftbench-tiny-t5-');
  const pieces = tinyT5Pieces();
  const config = {
    architectures: ['T5ForConditionalGeneration'],
    model_type: 't5',
    is_encoder_decoder: true,
    vocab_size: pieces.length,
    d_model: 16,
    d_kv: 4,
    num_heads: 4,
    d_ff: 32,
    num_layers: 2,
    num_decoder_layers: 2,
    relative_attention_num_buckets: 8,
    relative_attention_max_distance: 16,
    feed_forward_proj: 'relu',
    dropout_rate: 0.0,
    layer_norm_epsilon: 1e-6,
    decoder_start_token_id: 0,
    pad_token_id: 0,
    eos_token_id: 1,
    ...opts.config,
  };
  const model = createModel(parseHfConfig(config), 'causal-lm', { seed: opts.seed ?? 1 });
  const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
  for (const [name, t] of model.stateDict()) tensors[name] = { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
  model.dispose();
  writeSafetensors(join(dir, 'model.safetensors'), tensors);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'spiece.model'), spmModelBytes(pieces, 2));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'T5Tokenizer', extra_ids: 0, eos_token: '</s>', pad_token: '<pad>', unk_token: '<unk>' }));
  return dir;
}
