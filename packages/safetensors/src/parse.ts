import { at } from '@peftbench/util';
import { DTYPES, isDtype, numel, type TypedArray } from './dtypes.ts';
import type { SafetensorsFile, TensorEntry } from './tensor.ts';

/** The reference reader refuses headers over 100 MB; so do we (a corrupt length would otherwise allocate). */
const MAX_HEADER_BYTES = 100_000_000;

interface RawEntry {
  name: string;
  entry: Omit<TensorEntry, 'data'>;
  begin: number;
  end: number;
}

/**
 * Parse a safetensors file held in memory: u64 little-endian header length N, N bytes of UTF-8 JSON,
 * then the data section. Validation follows the reference `SafeTensors::deserialize` / `validate`
 * (huggingface/safetensors): the tensors must tile the data section exactly, with no gap, overlap or
 * trailing bytes. Every error names `file` and the tensor (or header field) at fault.
 *
 * Data arrays are views into `bytes` when suitably aligned, copies otherwise.
 */
export function parseSafetensors(bytes: Uint8Array, file: string): SafetensorsFile {
  if (bytes.byteLength < 8) throw at(file, 'header', `file is ${bytes.byteLength} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getBigUint64(0, true);
  if (headerLen > BigInt(bytes.byteLength - 8)) {
    throw at(file, 'header', `header length ${headerLen} exceeds the ${bytes.byteLength - 8} bytes after the length field`);
  }
  const n = Number(headerLen);
  if (n > MAX_HEADER_BYTES) throw at(file, 'header', `header length ${n} is over the ${MAX_HEADER_BYTES}-byte limit`);

  const header = parseHeaderJson(bytes.subarray(8, 8 + n), file);
  const dataStart = 8 + n;
  const dataLen = bytes.byteLength - dataStart;

  let metadata: Record<string, string> | undefined;
  const raws: RawEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') metadata = parseMetadata(value, file);
    else raws.push(parseEntry(name, value, file));
  }

  checkTiling(raws, dataLen, file);

  const tensors = new Map<string, TensorEntry>();
  for (const { name, entry, begin, end } of raws) {
    tensors.set(name, { ...entry, data: typedView(bytes, dataStart + begin, dataStart + end, entry.dtype) });
  }
  return { tensors, metadata };
}

function parseHeaderJson(raw: Uint8Array, file: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw at(file, 'header', 'header is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw at(file, 'header', `header is not valid JSON (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw at(file, 'header', 'header JSON must be an object');
  }
  return parsed as Record<string, unknown>;
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw at(file, '__metadata__', 'must be an object of strings');
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw at(file, `__metadata__.${k}`, `value must be a string, got ${JSON.stringify(v)}`);
  }
  return { ...(value as Record<string, string>) };
}

function parseEntry(name: string, value: unknown, file: string): RawEntry {
  const place = `tensor ${name}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw at(file, place, 'entry must be an object');
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (!isDtype(dtype)) {
    throw at(file, place, `unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPES).join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw at(file, place, `shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[0] > offsets[1]
  ) {
    throw at(file, place, `data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  const expected = numel(shape) * DTYPES[dtype].size;
  if (end - begin !== expected) {
    throw at(file, place, `shape ${JSON.stringify(shape)} of ${dtype} needs ${expected} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { name, entry: { dtype, shape: shape as number[] }, begin, end };
}

/** The tensors, sorted by begin, must cover [0, dataLen) exactly once. */
function checkTiling(raws: RawEntry[], dataLen: number, file: string): void {
  const sorted = [...raws].sort((a, b) => a.begin - b.begin || a.end - b.end);
  // Entries that run past the end first: otherwise the gap they leave would be blamed on the tensor after it.
  // A truncated file cuts the first of them (by begin) and leaves the rest wholly outside.
  const past = sorted.filter((r) => r.end > dataLen);
  if (past.length > 0) {
    const r = past[0];
    const more = past.length > 1 ? ` (${past.length - 1} more tensor(s) after it too; truncated file?)` : '';
    throw at(file, `tensor ${r.name}`, `data_offsets [${r.begin}, ${r.end}] run past the ${dataLen}-byte data section${more}`);
  }
  let cursor = 0;
  let previous = '';
  for (const r of sorted) {
    const place = `tensor ${r.name}`;
    if (r.begin < cursor) throw at(file, place, `data_offsets [${r.begin}, ${r.end}] overlap tensor ${previous} (which ends at ${cursor})`);
    if (r.begin > cursor) {
      const after = previous ? `after tensor ${previous}` : 'at the start of the data section';
      throw at(file, place, `gap of ${r.begin - cursor} bytes ${after} (data_offsets begin at ${r.begin}, expected ${cursor})`);
    }
    cursor = r.end;
    previous = r.name;
  }
  if (cursor !== dataLen) {
    throw at(file, 'data', `${dataLen - cursor} trailing bytes after the last tensor${previous ? ` (${previous})` : ''}`);
  }
}

function typedView(bytes: Uint8Array, start: number, end: number, dtype: keyof typeof DTYPES): TypedArray {
  const { size, array } = DTYPES[dtype];
  const length = (end - start) / size;
  const offset = bytes.byteOffset + start;
  if (offset % size === 0) return new array(bytes.buffer, offset, length);
  const copy = bytes.slice(start, end);
  return new array(copy.buffer, 0, length);
}
