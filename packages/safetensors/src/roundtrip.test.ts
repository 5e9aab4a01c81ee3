import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared, sharedDir } from '@peftbench/util';
import { readSafetensors, writeSafetensors } from './io.ts';
import { serializeSafetensors } from './serialize.ts';
import { parseSafetensors } from './parse.ts';
import { toFloat32 } from './float.ts';

const parity = join(sharedDir, 'fixtures', 'hf-parity');
const haveParity = hasShared('fixtures/hf-parity');
if (!haveParity) console.log(`skipping hf-parity safetensors tests: ${parity} is absent`);

describe.skipIf(!haveParity)('hf-parity fixtures', () => {
  const fixtures = haveParity ? readdirSync(parity).filter((d) => d.includes('-')) : [];
  // Tensor counts from fixtures/hf-parity/README.md (DeBERTa-v3 and T5: counted from the files' headers).
  const counts: Record<string, number> = {
    'bert-1': 41, 'bert-2': 55, 'roberta-1': 41, 'roberta-2': 55,
    'gpt2-1': 28, 'gpt2-2': 40, 'llama-1': 21, 'llama-2': 29,
    'deberta-1': 42, 'deberta-2': 56, 't5-1': 47, 't5-2': 61,
  };

  test.each(fixtures)('%s: read, then write back byte-for-byte', (name) => {
    const path = join(parity, name, 'model.safetensors');
    const original = readFileSync(path);
    const expected = JSON.parse(readFileSync(join(parity, name, 'expected.json'), 'utf8'));
    expect(createHash('sha256').update(original).digest('hex')).toBe(expected.meta.model_safetensors_sha256);

    const { tensors, metadata } = readSafetensors(path);
    expect(tensors.size).toBe(counts[name]);
    expect(metadata).toEqual({ format: 'pt' });
    for (const t of tensors.values()) {
      expect(t.dtype).toBe('F32');
      expect(t.data).toBeInstanceOf(Float32Array);
      expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
    }
    const out = join(mkdtempSync(join(tmpdir(), 'st-')), 'model.safetensors');
    writeSafetensors(out, Object.fromEntries(tensors), metadata);
    expect(Buffer.compare(readFileSync(out), original)).toBe(0);
    expect(readdirSync(join(out, '..'))).toEqual(['model.safetensors']); // no temp file left behind
  });

  test('bert-1 holds the LayerNorm parameters the README describes (gamma ~ 1 + N(0, 0.1²))', () => {
    const { tensors } = readSafetensors(join(parity, 'bert-1', 'model.safetensors'));
    const gamma = tensors.get('bert.embeddings.LayerNorm.weight')!;
    expect(gamma.shape).toEqual([32]);
    const values = toFloat32(gamma);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.1);
    expect(tensors.get('bert.embeddings.word_embeddings.weight')!.shape).toEqual([128, 32]);
    expect([...tensors.keys()][0]).toBe('bert.embeddings.LayerNorm.bias'); // file order = sorted by name
  });
});

describe('mixed dtypes', () => {
  const tensors = {
    'z.bool': { dtype: 'BOOL' as const, shape: [3], data: new Uint8Array([1, 0, 1]) },
    'a.u8': { dtype: 'U8' as const, shape: [2], data: new Uint8Array([7, 255]) },
    'b.i8': { dtype: 'I8' as const, shape: [2], data: new Int8Array([-3, 4]) },
    'c.i16': { dtype: 'I16' as const, shape: [1], data: new Int16Array([-300]) },
    'd.f16': { dtype: 'F16' as const, shape: [2], data: new Uint16Array([0x3c00, 0xc000]) },
    'e.bf16': { dtype: 'BF16' as const, shape: [1], data: new Uint16Array([0x3f80]) },
    'f.i32': { dtype: 'I32' as const, shape: [], data: new Int32Array([-70000]) },
    'g.f32': { dtype: 'F32' as const, shape: [2, 2], data: new Float32Array([1.5, -2, 0.25, 3]) },
    'h.f64': { dtype: 'F64' as const, shape: [1], data: new Float64Array([Math.PI]) },
    'i.i64': { dtype: 'I64' as const, shape: [2], data: new BigInt64Array([-5n, 1n << 40n]) },
    'empty': { dtype: 'F32' as const, shape: [0, 4], data: new Float32Array(0) },
  };

  test('layout: dtype alignment rank descending, then name; header padded to 8 with spaces', () => {
    const bytes = serializeSafetensors(tensors, { note: 'x' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const text = Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8');
    expect(text.trimEnd().length).toBeGreaterThan(n - 8);
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    const header = JSON.parse(text);
    expect(Object.keys(header)).toEqual([
      '__metadata__', 'i.i64', 'h.f64', 'empty', 'g.f32', 'f.i32', 'e.bf16', 'd.f16', 'c.i16', 'b.i8', 'a.u8', 'z.bool',
    ]);
    expect(header['i.i64'].data_offsets).toEqual([0, 16]);
    expect(header['h.f64'].data_offsets).toEqual([16, 24]);
    expect(header['empty'].data_offsets).toEqual([24, 24]);
    expect(header['z.bool'].data_offsets).toEqual([bytes.byteLength - 8 - n - 3, bytes.byteLength - 8 - n]);
  });

  test('values survive a write/read round trip', () => {
    const parsed = parseSafetensors(serializeSafetensors(tensors), 'mem.safetensors');
    expect(parsed.metadata).toBeUndefined();
    expect([...parsed.tensors.get('i.i64')!.data as BigInt64Array]).toEqual([-5n, 1n << 40n]);
    expect(parsed.tensors.get('h.f64')!.data[0]).toBe(Math.PI);
    expect([...parsed.tensors.get('b.i8')!.data as Int8Array]).toEqual([-3, 4]);
    expect(parsed.tensors.get('f.i32')!.shape).toEqual([]);
    expect([...parsed.tensors.get('f.i32')!.data as Int32Array]).toEqual([-70000]);
    expect([...toFloat32(parsed.tensors.get('d.f16')!)]).toEqual([1, -2]);
    expect([...toFloat32(parsed.tensors.get('e.bf16')!)]).toEqual([1]);
    expect([...toFloat32(parsed.tensors.get('g.f32')!)]).toEqual([1.5, -2, 0.25, 3]);
    expect(parsed.tensors.get('empty')!.data.length).toBe(0);
  });

  test('raw little-endian bytes are accepted as data', () => {
    const raw = new Uint8Array(new Float32Array([2.5]).buffer);
    const parsed = parseSafetensors(serializeSafetensors({ w: { dtype: 'F32', shape: [1], data: raw } }), 'mem');
    expect([...parsed.tensors.get('w')!.data as Float32Array]).toEqual([2.5]);
  });

  test('writer rejects data that does not match dtype or shape, naming the tensor', () => {
    expect(() => serializeSafetensors({ w: { dtype: 'F32', shape: [3], data: new Float32Array(2) } })).toThrow(
      /tensor w: shape \[3\] of F32 needs 12 bytes, data has 8/,
    );
    expect(() => serializeSafetensors({ w: { dtype: 'F64', shape: [1], data: new Float32Array(2) } })).toThrow(
      /tensor w: F64 data must be a Float64Array/,
    );
    expect(() => serializeSafetensors({ w: { dtype: 'F32', shape: [1.5], data: new Float32Array(1) } })).toThrow(
      /tensor w: shape must be a list of non-negative integers/,
    );
    expect(() => serializeSafetensors({ w: { dtype: 'Q4' as never, shape: [1], data: new Float32Array(1) } })).toThrow(
      /tensor w: unknown dtype "Q4"/,
    );
  });
});
