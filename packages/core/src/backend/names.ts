import { InputError } from '@peftbench/util';

/** Backends in the order `initBackend` tries them when none is forced (fastest first). */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** Backends used only when asked for (`--backend`, PEFTBENCH_BACKEND): the optional WebGPU route (webgpu.ts). */
export const OPT_IN_BACKENDS = ['webgpu'] as const;
/** Every name a backend may be forced with. */
export const ALL_BACKEND_NAMES = [...BACKEND_NAMES, ...OPT_IN_BACKENDS] as const;
export type BackendName = (typeof ALL_BACKEND_NAMES)[number];

/** Most threads the wasm build can use: it pre-creates 8 pthread workers (tfjs-backend-wasm cc/BUILD). */
export const MAX_WASM_THREADS = 8;

/** Validate a backend name from an option or an environment variable; `source` names where it came from. */
export function parseBackendName(value: string, source: string): BackendName {
  if ((ALL_BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new InputError(`${source}: unknown backend '${value}'; valid names: ${ALL_BACKEND_NAMES.join(', ')}`);
}

/** Validate a wasm thread count (an integer from 1 to MAX_WASM_THREADS). */
export function parseThreads(value: string | number, source: string): number {
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new InputError(`${source}: threads must be an integer from 1 to ${MAX_WASM_THREADS}, got '${value}'`);
  }
  return n;
}
