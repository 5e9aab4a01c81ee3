import { readFileSync } from 'node:fs';
import { InputError, writeFileAtomic } from '@peftbench/util';
import { parseSafetensors } from './parse.ts';
import { serializeSafetensors, type TensorInput } from './serialize.ts';
import { assertLittleEndianHost } from './endian.ts';
import type { SafetensorsFile } from './tensor.ts';

/** Read and validate a .safetensors file (whole file in memory; tensor data are views into it). */
export function readSafetensors(path: string): SafetensorsFile {
  assertLittleEndianHost();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`${path}: cannot read safetensors file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseSafetensors(bytes, path);
}

/** Write tensors as a .safetensors file, atomically (temp file + rename). */
export function writeSafetensors(path: string, tensors: Record<string, TensorInput>, metadata?: Record<string, string>): void {
  writeFileAtomic(path, serializeSafetensors(tensors, metadata));
}
