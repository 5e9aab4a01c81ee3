import { existsSync, readFileSync } from 'node:fs';
import { at } from '@peftbench/util';

/** Read a UTF-8 text file, dropping a leading byte-order mark (MRPC's files start with one). */
export function readTextFile(file: string): string {
  if (!existsSync(file)) throw at(file, undefined, 'file not found');
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Split into lines (\n or \r\n); a final newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
