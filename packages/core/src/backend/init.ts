import * as tf from '@tensorflow/tfjs';
import { availableParallelism } from 'node:os';
import { installBackendFixes } from './fixes.ts';
import { BACKEND_PACKAGES, loadBackend } from './loaders.ts';
import { BACKEND_NAMES, parseBackendName, parseThreads, type BackendName } from './names.ts';
import { pickBackend } from './select.ts';
import { packageVersion } from './versions.ts';
import { probeWebGpu } from './webgpu.ts';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';

export interface BackendInfo {
  /** Our name for the backend (tfjs calls both libtensorflow bindings 'tensorflow'). */
  name: BackendName;
  /** Threads doing the math: the wasm pool size; 1 for cpu; libtensorflow's default pool (one per core). */
  threads: number;
  /** wasm only: whether the SIMD build runs. */
  simd?: boolean;
  /** '@tensorflow/tfjs-core', the backend's package, and 'node'. */
  versions: Record<string, string>;
  /** Faster backends that were skipped and why; empty when the first choice loaded. */
  skipped: Partial<Record<BackendName, string>>;
  /** Anything that did not go as asked (e.g. threads that fell back to 1), with the reason. */
  notes: string[];
}

export interface InitBackendOptions {
  /** Force one backend (else PEFTBENCH_BACKEND, else the first of BACKEND_NAMES that loads). */
  backend?: BackendName;
  /** wasm threads, 1 to 8 (else PEFTBENCH_WASM_THREADS, else 1). Opt-in: see wasm-threads.ts. */
  threads?: number;
}

interface Request {
  forced?: BackendName;
  forcedBy?: string;
  threads: number;
}

let current: { request: Request; info: Promise<BackendInfo> } | undefined;
let resolved: BackendInfo | undefined;

function readRequest(opts: InitBackendOptions): Request {
  const envBackend = process.env.PEFTBENCH_BACKEND?.trim();
  const envThreads = process.env.PEFTBENCH_WASM_THREADS?.trim();
  let forced: BackendName | undefined;
  let forcedBy: string | undefined;
  if (opts.backend !== undefined) {
    forced = parseBackendName(opts.backend, 'initBackend [backend]');
    forcedBy = 'initBackend({ backend })';
  } else if (envBackend) {
    forced = parseBackendName(envBackend, 'env PEFTBENCH_BACKEND');
    forcedBy = 'PEFTBENCH_BACKEND';
  }
  const threads =
    opts.threads !== undefined
      ? parseThreads(opts.threads, 'initBackend [threads]')
      : envThreads
        ? parseThreads(envThreads, 'env PEFTBENCH_WASM_THREADS')
        : 1;
  return { forced, forcedBy, threads };
}

/** A later call agrees with the running backend when it forces nothing else and asks the same threads. */
function agrees(first: Request, info: BackendInfo, later: Request): boolean {
  return (later.forced === undefined || later.forced === info.name) && later.threads === first.threads;
}

async function start(request: Request): Promise<BackendInfo> {
  installBackendFixes();
  const notes: string[] = [];
  const candidates = request.forced ? [request.forced] : BACKEND_NAMES;
  const { name, skipped } = await pickBackend(
    candidates,
    (n) => loadBackend(n, request.threads, notes),
    request.forcedBy,
  );
  const versions: Record<string, string> = {
    '@tensorflow/tfjs-core': tf.version_core,
    [BACKEND_PACKAGES[name]]: packageVersion(BACKEND_PACKAGES[name]) ?? 'unknown',
    node: process.versions.node,
  };
  const info: BackendInfo = { name, threads: 1, versions, skipped, notes };
  if (name === 'wasm') {
    info.threads = getThreadsCount();
    info.simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  } else if (name !== 'cpu' && name !== 'webgpu') {
    info.threads = availableParallelism();
  }
  if (name === 'webgpu') {
    const probe = await probeWebGpu();
    if (probe.ok) Object.assign(versions, probe.versions, { adapter: probe.detail });
  }
  if (request.threads > 1 && name !== 'wasm') notes.push(`threads=${request.threads} applies to wasm only; ignored`);
  return info;
}

/**
 * Pick and start the tfjs backend: tfjs-node-gpu, tfjs-node, wasm, cpu, in that order, unless
 * `opts.backend` or PEFTBENCH_BACKEND forces one (webgpu only when forced: webgpu.ts). A forced backend that
 * cannot load is an InputError of one line naming why (e.g. `no WebGPU adapter: …`). Installs the wasm/cpu kernels and the matMul gradient of
 * this folder. Idempotent: later calls return the same info; a later call asking for a different backend
 * or thread count is an error (tfjs holds one backend per process; tests switch with tf.setBackend).
 * Prints nothing.
 */
export async function initBackend(opts: InitBackendOptions = {}): Promise<BackendInfo> {
  const request = readRequest(opts);
  if (current) {
    const info = await current.info;
    if (!agrees(current.request, info, request)) {
      throw new Error(
        `initBackend: already started '${info.name}' with ${info.threads} thread(s); ` +
          `cannot switch to ${JSON.stringify({ backend: request.forced, threads: request.threads })} in this process`,
      );
    }
    return info;
  }
  const pending = start(request);
  current = { request, info: pending };
  try {
    resolved = await pending;
    return resolved;
  } catch (err) {
    current = undefined; // let a later call try again
    throw err;
  }
}

/** The info of the backend `initBackend` started, or undefined before it has finished. */
export function backendInfo(): BackendInfo | undefined {
  return resolved;
}
