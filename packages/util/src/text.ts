/**
 * Read a text file as strict UTF-8: a byte sequence that is not UTF-8 is an InputError naming the file, the line
 * and the byte, never a silent U+FFFD (Node's 'utf8' decoding replaces invalid bytes without a word).
 */
import { readFileSync } from 'node:fs';
import { InputError } from './errors.ts';

const strict = new TextDecoder('utf-8', { fatal: true });

/** Decode bytes as strict UTF-8; `file` names them in the error. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    const { offset, line, column } = firstInvalid(bytes);
    throw new InputError(`${file}:${line}: not valid UTF-8 (byte 0x${bytes[offset].toString(16).padStart(2, '0')} at column ${column}, byte offset ${offset}); save the file as UTF-8`);
  }
}

/** Read a file as strict UTF-8 (a leading byte-order mark is kept; callers drop it where the format allows one). */
export function readUtf8(file: string): string {
  return decodeUtf8(readFileSync(file), file);
}

/** Where the first byte that does not start or continue a valid UTF-8 sequence is (1-based line and column). */
function firstInvalid(b: Uint8Array): { offset: number; line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    let ok = need >= 0 && i + need < b.length;
    for (let k = 1; ok && k <= need; k++) ok = (b[i + k] & 0xc0) === 0x80;
    // overlong / surrogate / out-of-range second bytes
    if (ok && need === 2 && ((c === 0xe0 && b[i + 1] < 0xa0) || (c === 0xed && b[i + 1] >= 0xa0))) ok = false;
    if (ok && need === 3 && ((c === 0xf0 && b[i + 1] < 0x90) || (c === 0xf4 && b[i + 1] >= 0x90))) ok = false;
    if (!ok) return { offset: i, line, column: i - lineStart + 1 };
    if (c === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
    i += need + 1;
  }
  return { offset: Math.max(0, b.length - 1), line, column: 1 };
}
