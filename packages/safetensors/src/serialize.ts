import { InputError } from '@peftbench/util';
import { DTYPES, isDtype, numel, type Dtype, type TypedArray } from './dtypes.ts';
import { assertLittleEndianHost } from './endian.ts';

export interface TensorInput {
  dtype: Dtype;
  shape: number[];
  /** The dtype's own typed array (Uint16Array for F16/BF16 bit patterns), or raw little-endian bytes (Uint8Array). */
  data: TypedArray;
}

/**
 * Serialize tensors the way the reference serializer (huggingface/safetensors `serialize`) does, so that a
 * file read and written back is byte-identical:
 * - tensors sorted by dtype alignment rank descending, then by name (byte order), laid out back to back;
 * - compact JSON header, "__metadata__" first (omitted when undefined), then the tensors in layout order;
 * - header padded with spaces to a multiple of 8 bytes, so every tensor starts 8-byte aligned.
 */
export function serializeSafetensors(
  tensors: Record<string, TensorInput>,
  metadata?: Record<string, string>,
): Uint8Array {
  assertLittleEndianHost();
  const names = Object.keys(tensors);
  if (names.includes('__metadata__')) throw new InputError('safetensors: "__metadata__" is reserved and cannot name a tensor');
  const ordered = names
    .map((name) => ({ name, bytes: tensorBytes(name, tensors[name]), t: tensors[name] }))
    .sort((a, b) => DTYPES[b.t.dtype].rank - DTYPES[a.t.dtype].rank || compareBytes(a.name, b.name));

  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = checkedMetadata(metadata);
  let offset = 0;
  for (const { name, bytes, t } of ordered) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.byteLength] };
    offset += bytes.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = json.byteLength + ((8 - (json.byteLength % 8)) % 8);

  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.byteLength, 8 + padded);
  let cursor = 8 + padded;
  for (const { bytes } of ordered) {
    out.set(bytes, cursor);
    cursor += bytes.byteLength;
  }
  return out;
}

function tensorBytes(name: string, t: TensorInput): Uint8Array {
  const where = `safetensors: tensor ${name}`;
  if (!t || !isDtype(t.dtype)) throw new InputError(`${where}: unknown dtype ${JSON.stringify(t?.dtype)}`);
  if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new InputError(`${where}: shape must be a list of non-negative integers, got ${JSON.stringify(t.shape)}`);
  }
  const { size, array } = DTYPES[t.dtype];
  const isRawBytes = t.data instanceof Uint8Array;
  if (!isRawBytes && !(t.data instanceof array)) {
    throw new InputError(`${where}: ${t.dtype} data must be a ${array.name} (or raw bytes), got ${t.data?.constructor?.name}`);
  }
  const expected = numel(t.shape) * size;
  if (t.data.byteLength !== expected) {
    throw new InputError(`${where}: shape ${JSON.stringify(t.shape)} of ${t.dtype} needs ${expected} bytes, data has ${t.data.byteLength}`);
  }
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

function checkedMetadata(metadata: Record<string, string>): Record<string, string> {
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new InputError(`safetensors: __metadata__.${k} must be a string, got ${JSON.stringify(v)}`);
  }
  return metadata;
}

/** Rust compares String keys by UTF-8 bytes; JS `<` compares UTF-16 units, which differs above U+FFFF. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
