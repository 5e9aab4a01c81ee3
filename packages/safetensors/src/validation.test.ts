import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@peftbench/util';
import { parseSafetensors } from './parse.ts';
import { readSafetensors } from './io.ts';

const FILE = 'bad.safetensors';

/** A file with the given header (as JSON text or object) and `dataBytes` bytes of data. */
function build(header: unknown, dataBytes: number, lengthOverride?: bigint): Uint8Array {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function errorOf(bytes: Uint8Array): InputError {
  try {
    parseSafetensors(bytes, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected parseSafetensors to throw');
}

const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('parseSafetensors rejects bad files, naming the file and the place', () => {
  test('a well-formed file parses (control for the cases below)', () => {
    const parsed = parseSafetensors(build({ a: f32([2], 0, 8), b: f32([1], 8, 12) }, 12), FILE);
    expect([...parsed.tensors.keys()]).toEqual(['a', 'b']);
  });

  test('shorter than the length field', () => {
    expect(errorOf(new Uint8Array(5)).message).toBe(`${FILE} [header]: file is 5 bytes, shorter than the 8-byte header length`);
  });

  test('header length beyond file size', () => {
    const bytes = build({ a: f32([1], 0, 4) }, 4, 10_000n);
    expect(errorOf(bytes).message).toMatch(/^bad\.safetensors \[header\]: header length 10000 exceeds the \d+ bytes/);
    expect(errorOf(build({}, 0, 1n << 63n)).message).toMatch(/header length 9223372036854775808 exceeds/);
  });

  test('invalid JSON and non-object header', () => {
    expect(errorOf(build('{"a": {"dtype": "F32",', 0)).message).toMatch(/^bad\.safetensors \[header\]: header is not valid JSON/);
    expect(errorOf(build('[1, 2]', 0)).message).toBe(`${FILE} [header]: header JSON must be an object`);
  });

  test('unknown dtype', () => {
    const err = errorOf(build({ w: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, 1));
    expect(err.message).toMatch(/^bad\.safetensors \[tensor w\]: unknown dtype "F8_E4M3"/);
  });

  test('shape/size mismatch', () => {
    const err = errorOf(build({ w: f32([2, 3], 0, 20) }, 20));
    expect(err.message).toBe(`${FILE} [tensor w]: shape [2,3] of F32 needs 24 bytes but data_offsets [0, 20] span 20`);
  });

  test('non-integer and negative shapes', () => {
    expect(errorOf(build({ w: f32([1.5], 0, 4) }, 4)).message).toMatch(/\[tensor w\]: shape must be a list of non-negative integers, got \[1.5\]/);
    expect(errorOf(build({ w: f32([-1], 0, 4) }, 4)).message).toMatch(/\[tensor w\]: shape must be/);
    expect(errorOf(build({ w: { dtype: 'F32', shape: '4', data_offsets: [0, 4] } }, 4)).message).toMatch(/\[tensor w\]: shape must be/);
  });

  test('bad data_offsets', () => {
    expect(errorOf(build({ w: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, 4)).message).toMatch(
      /\[tensor w\]: data_offsets must be \[begin, end\]/,
    );
  });

  test('offsets out of range', () => {
    const err = errorOf(build({ a: f32([1], 0, 4), w: f32([2], 4, 12) }, 8));
    expect(err.message).toBe(`${FILE} [tensor w]: data_offsets [4, 12] run past the 8-byte data section`);
  });

  test('overlapping tensors', () => {
    const err = errorOf(build({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12));
    expect(err.message).toBe(`${FILE} [tensor b]: data_offsets [4, 12] overlap tensor a (which ends at 8)`);
  });

  test('gap between tensors, and at the start', () => {
    expect(errorOf(build({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12)).message).toBe(
      `${FILE} [tensor b]: gap of 4 bytes after tensor a (data_offsets begin at 8, expected 4)`,
    );
    expect(errorOf(build({ a: f32([1], 4, 8) }, 8)).message).toBe(
      `${FILE} [tensor a]: gap of 4 bytes at the start of the data section (data_offsets begin at 4, expected 0)`,
    );
  });

  test('trailing bytes after the last tensor', () => {
    expect(errorOf(build({ a: f32([1], 0, 4) }, 6)).message).toBe(`${FILE} [data]: 2 trailing bytes after the last tensor (a)`);
  });

  test('metadata must be a string map', () => {
    expect(errorOf(build({ __metadata__: { format: 1 } }, 0)).message).toBe(`${FILE} [__metadata__.format]: value must be a string, got 1`);
  });

  test('readSafetensors names the path it could not read', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'st-')), 'nope.safetensors');
    expect(() => readSafetensors(missing)).toThrow(`${missing}: cannot read safetensors file (ENOENT)`);
    const bad = join(missing, '..', 'bad.safetensors');
    writeFileSync(bad, build({ w: f32([2], 0, 4) }, 4));
    expect(() => readSafetensors(bad)).toThrow(`${bad} [tensor w]: shape [2] of F32 needs 8 bytes`);
  });
});
