/** Reading user files as strict UTF-8, with errors that name the file and the line. */
import { readFileSync } from 'node:fs';
import { InputError } from '@peftbench/util';

/** Byte offset and line of the first invalid UTF-8 sequence, or undefined when the bytes are valid. */
export function findInvalidUtf8(bytes: Uint8Array): { offset: number; line: number } | undefined {
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    let need = 0, min = 0;
    if (b < 0x80) { i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return { offset: i, line };
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return { offset: i, line };
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { offset: i, line };
    i += need + 1;
  }
  return undefined;
}

export function readUtf8File(path: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`${path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const bad = findInvalidUtf8(bytes);
  if (bad) throw new InputError(`${path}:${bad.line}: invalid UTF-8 at byte ${bad.offset}`);
  return new TextDecoder('utf-8').decode(bytes);
}
