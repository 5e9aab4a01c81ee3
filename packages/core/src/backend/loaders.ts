import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm'; // registers the 'wasm' backend factory and its kernels
import type { BackendName } from './names.ts';
import { loadThreadedWasm } from './wasm-threads.ts';
import { loadWebGpuBackend, WEBGPU_PACKAGES } from './webgpu.ts';

/** npm package that provides each backend (the key used in BackendInfo.versions). */
export const BACKEND_PACKAGES: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
  webgpu: WEBGPU_PACKAGES.backend,
};

/** Name tfjs itself gives each backend (both libtensorflow bindings register 'tensorflow'). */
export const TFJS_NAMES: Record<BackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
  webgpu: 'webgpu',
};

/**
 * tfjs-backend-cpu prints a "install our node backend" banner on its first tensor under Node; we print
 * nothing by default (the choice is reported in BackendInfo.skipped instead).
 */
export function silenceCpuBanner(): void {
  const cpu = tf.engine().registry['cpu'] as { firstUse?: boolean } | undefined;
  if (cpu) cpu.firstUse = false;
}

async function setOrThrow(tfjsName: string): Promise<void> {
  if (!(await tf.setBackend(tfjsName))) throw new Error(`tf.setBackend('${tfjsName}') returned false`);
  await tf.ready();
}

/** Import a libtensorflow binding. Optional dependencies: absent offline, so the import may fail. */
async function loadNodeBinding(pkg: string): Promise<void> {
  const specifier: string = pkg; // a variable keeps TypeScript from resolving a package that may be absent
  await import(specifier);
  // The binding must have registered into *this* tfjs engine (one hoisted @tensorflow/tfjs); a nested
  // copy would register elsewhere and our kernels and gradients would not apply.
  if (tf.findBackendFactory('tensorflow') == null) {
    throw new Error(`${pkg} loaded but registered no 'tensorflow' backend in this @tensorflow/tfjs instance`);
  }
  await setOrThrow('tensorflow');
}

/**
 * Load one backend. `threads` > 1 asks wasm for the threaded build; when that fails the single-threaded
 * build is used and the reason is pushed onto `notes`.
 */
export async function loadBackend(name: BackendName, threads: number, notes: string[]): Promise<void> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return loadNodeBinding(BACKEND_PACKAGES[name]);
    case 'wasm':
      if (threads > 1) {
        try {
          await loadThreadedWasm(threads);
        } catch (err) {
          notes.push(`wasm threads: fell back to 1 thread: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      return setOrThrow('wasm');
    case 'cpu':
      await setOrThrow('cpu');
      return silenceCpuBanner();
    case 'webgpu':
      return loadWebGpuBackend();
  }
}
