/**
 * Opt-in multithreaded wasm under Node.
 *
 * tfjs-backend-wasm 4.22 reports WASM_HAS_MULTITHREAD_SUPPORT = false whenever IS_NODE (tfjs issue #3830),
 * so `setThreadsCount` has no effect and the single-threaded SIMD build is loaded. The threaded SIMD build
 * does run in Node once three things are fixed:
 *  1. its pthread worker script ships only as a string (`wasmWorkerContents` in wasm-out/*.worker.js, a module
 *     that exports the script rather than being it); the library turns it into a blob: URL, which Node's
 *     worker_threads cannot start. We write it to a file in the OS temp folder and point `locateFile` at it.
 *  2. the C++ side sizes its pool as min(requested, navigator.hardwareConcurrency / 2), assuming two
 *     hyperthreads per core; under Node that is os.cpus().length / 2 = 1 on a 2-vCPU machine. We report
 *     2 × threads logical cores while the module initialises, then restore os.cpus.
 *  3. the backend object is the library's own BackendWasm built on the threaded module, registered under the
 *     name 'wasm', so every wasm kernel (the library's and ours) keeps working unchanged;
 *  4. pool workers stay ref()'d while their pthread runs, i.e. forever: we unref them so the process exits.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@peftbench/util';
import { packageVersion } from './versions.ts';

const require = createRequire(import.meta.url);
const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out';
/** Workers that never report "loaded" leave the factory promise pending forever; give up after this long. */
const LOAD_TIMEOUT_MS = 60_000;
/** Above the library's own wasm priority (2), so `tf.ready()` picks this factory too. */
const WASM_PRIORITY = 2;

type PthreadWorker = { ref(): unknown; unref(): unknown };
type EmscriptenModule = {
  cwrap: (name: string, ret: string | null, args: string[]) => (...a: number[]) => number;
  PThread?: { terminateAllThreads(): void; unusedWorkers: PthreadWorker[]; runningWorkers: PthreadWorker[] };
  tfjs?: Record<string, unknown>;
};
type ThreadedFactory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** Write the pthread worker script once per content (file name carries its hash); returns its path. */
function workerScriptPath(): string {
  const { wasmWorkerContents } = require(`${WASM_OUT}/tfjs-backend-wasm-threaded-simd.worker.js`) as {
    wasmWorkerContents: string;
  };
  // The string holds "\n" escapes that the library re-escapes before making its Blob; do the same.
  const script = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(script).digest('hex').slice(0, 12);
  const path = join(os.tmpdir(), `peftbench-tfjs-wasm-${packageVersion('@tensorflow/tfjs-backend-wasm')}-${hash}.worker.cjs`);
  if (!existsSync(path)) writeFileAtomic(path, script);
  return path;
}

/**
 * Emscripten ref()s a worker while it runs a pthread, and XNNPACK's pool threads run for the life of the
 * module, so the process would never exit after the first parallel product. The main thread waits for pool
 * jobs synchronously (futex), never for worker events, so unref'ing every pre-created worker (the pool is
 * created at load: 8 workers, more than MAX_WASM_THREADS needs) and making later ref() calls no-ops is safe.
 */
function letProcessExit(module: EmscriptenModule): void {
  const pthread = module.PThread;
  if (!pthread) return;
  for (const worker of [...pthread.unusedWorkers, ...pthread.runningWorkers]) {
    worker.unref();
    worker.ref = () => worker;
  }
}

/** Same cwrap table the library's own init() attaches (backend_wasm.ts), which BackendWasm relies on. */
function attachTfjsApi(module: EmscriptenModule): void {
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
}

async function instantiateThreaded(threads: number): Promise<EmscriptenModule> {
  const factory = require(`${WASM_OUT}/tfjs-backend-wasm-threaded-simd.js`) as ThreadedFactory;
  const worker = workerScriptPath();
  const config: Record<string, unknown> = {
    locateFile: (path: string, prefix: string) => (path.endsWith('.worker.js') ? worker : prefix + path),
  };
  const realCpus = os.cpus;
  const fakeCpus = () => {
    const one = realCpus()[0];
    return Array.from({ length: 2 * threads }, () => one);
  };
  (os as { cpus: typeof os.cpus }).cpus = fakeCpus;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        (config.PThread as EmscriptenModule['PThread'])?.terminateAllThreads();
        reject(new Error(`threaded wasm: pthread workers did not load within ${LOAD_TIMEOUT_MS / 1000} s`));
      }, LOAD_TIMEOUT_MS);
    });
    const module = await Promise.race([factory(config), timeout]);
    letProcessExit(module);
    attachTfjsApi(module);
    return module;
  } finally {
    clearTimeout(timer);
    (os as { cpus: typeof os.cpus }).cpus = realCpus;
  }
}

/**
 * Load the threaded SIMD build with `threads` threads and make it the 'wasm' backend. Must run before the
 * wasm backend is first initialised (its tensors would be lost otherwise). The module is instantiated here,
 * not inside the backend factory, so a failure reaches the caller instead of a console warning from tfjs.
 */
export async function loadThreadedWasm(threads: number): Promise<void> {
  if (tf.engine().registry['wasm'] != null) {
    throw new Error('threaded wasm: the wasm backend is already initialised; choose threads before first use');
  }
  const module = await instantiateThreaded(threads);
  setThreadsCount(threads); // read by the BackendWasm constructor (init_with_threads_count)
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => new BackendWasm(module as never), WASM_PRIORITY);
}
