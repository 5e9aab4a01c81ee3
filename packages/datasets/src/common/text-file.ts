import { existsSync, statSync } from 'node:fs';
import { at, readUtf8 } from '@peftbench/util';

/** Read a UTF-8 text file, dropping a leading byte-order mark (MRPC's files start with one). */
export function readTextFile(file: string): string {
  if (!existsSync(file)) throw at(file, undefined, 'file not found');
  if (statSync(file).isDirectory()) throw at(file, undefined, 'is a folder, not a file');
  const text = readUtf8(file); // strict: a non-UTF-8 byte is an error with its line, not a silent U+FFFD
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Split into lines (\n or \r\n); a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
