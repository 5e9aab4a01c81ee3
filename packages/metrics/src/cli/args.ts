/** A small flag parser for `peftbench score ...` (util's parseArgs with errors as InputError). */
import { parseArgs } from 'node:util';
import { InputError } from '@peftbench/util';

export function parseFlags<T extends Record<string, { type: 'string' | 'boolean' }>>(argv: string[], options: T, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values as {
      [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean;
    };
  } catch (err) {
    throw new InputError(`score ${command}: ${(err as Error).message}`);
  }
}

export function required(value: string | undefined, flag: string, command: string): string {
  if (!value) throw new InputError(`score ${command}: missing --${flag}`);
  return value;
}
