import { InputError } from '@peftbench/util';

/** Backends in the order `initBackend` tries them when none is forced (fastest first). */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Most threads the wasm build can use: it pre-creates 8 pthread workers (tfjs-backend-wasm cc/BUILD). */
export const MAX_WASM_THREADS = 8;

/** Validate a backend name from an option or an environment variable; `source` names where it came from. */
export function parseBackendName(value: string, source: string): BackendName {
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new InputError(`${source}: unknown backend '${value}'; valid names: ${BACKEND_NAMES.join(', ')}`);
}

/** Validate a wasm thread count (an integer from 1 to MAX_WASM_THREADS). */
export function parseThreads(value: string | number, source: string): number {
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new InputError(`${source}: threads must be an integer from 1 to ${MAX_WASM_THREADS}, got '${value}'`);
  }
  return n;
}
