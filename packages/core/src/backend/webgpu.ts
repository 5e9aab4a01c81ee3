/**
 * The optional WebGPU route (issue 20): @tensorflow/tfjs-backend-webgpu on the `webgpu` npm package (Dawn's
 * node binding; Vulkan on Linux, so NVIDIA's Vulkan driver on a GPU machine). Both packages are optional
 * dependencies of @peftbench/core. `probeWebGpu` says whether an adapter exists and, when not, why, in one
 * line; `initBackend({ backend: 'webgpu' })` (or PEFTBENCH_BACKEND=webgpu), `peftbench doctor` and
 * `bench:gpu-check` all go through it. Never chosen automatically: only when asked for.
 */
import * as tf from '@tensorflow/tfjs';
import { packageVersion } from './versions.ts';

/** The two optional packages, exact versions as pinned in package.json. */
export const WEBGPU_PACKAGES = { backend: '@tensorflow/tfjs-backend-webgpu', dawn: 'webgpu' } as const;
const PINNED = { '@tensorflow/tfjs-backend-webgpu': '4.22.0', webgpu: '0.6.2' };

export type WebGpuProbe =
  | { ok: true; detail: string; versions: Record<string, string>; gpu: unknown }
  | { ok: false; reason: string };

interface DawnModule {
  create(flags: string[]): { requestAdapter(opts?: object): Promise<{ info?: Record<string, string> } | null> };
  globals: Record<string, unknown>;
}

/** Whether the dynamic loader finds a shared library (Linux), without running anything in it. */
export function sharedLibraryFound(name: string): boolean {
  try {
    process.dlopen({ exports: {} } as NodeJS.Module, name);
    return true;
  } catch (err) {
    // a library that loads but is no node addon fails later, with "did not self-register" or a missing symbol
    return !/cannot open shared object file|no such file|image not found/i.test((err as Error).message);
  }
}

let probed: Promise<WebGpuProbe> | undefined;

/**
 * Is there a WebGPU adapter here? In order: the optional packages installed, (Linux) the Vulkan loader
 * libvulkan.so.1 present, Dawn returning an adapter. Nothing throws; the first reason that stops it is the
 * answer. Cached per process.
 */
export function probeWebGpu(): Promise<WebGpuProbe> {
  probed ??= probe();
  return probed;
}

async function probe(): Promise<WebGpuProbe> {
  const missing = Object.keys(PINNED).filter((p) => packageVersion(p) === undefined);
  if (missing.length) {
    return { ok: false, reason: `the optional package${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed (npm install --save-exact ${missing.map((p) => `${p}@${PINNED[p as keyof typeof PINNED]}`).join(' ')} -w packages/core)` };
  }
  if (process.platform === 'linux' && !sharedLibraryFound('libvulkan.so.1')) {
    return { ok: false, reason: 'no WebGPU adapter: libvulkan.so.1 (the Vulkan loader Dawn uses on Linux) is not installed; a GPU machine needs its vendor\'s Vulkan driver (NVIDIA: the driver\'s Vulkan ICD, libnvidia-gl) and libvulkan1' };
  }
  let dawn: DawnModule;
  try {
    const specifier: string = WEBGPU_PACKAGES.dawn; // optional dependency: a variable keeps TypeScript from resolving it
    const mod = (await import(specifier)) as DawnModule & { default?: DawnModule };
    dawn = typeof (mod as Partial<DawnModule>).create === 'function' ? mod : mod.default!;
  } catch (err) {
    return { ok: false, reason: `the 'webgpu' package (Dawn) does not load here: ${firstLine(err)}` };
  }
  try {
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { ok: false, reason: 'no WebGPU adapter: Dawn found no GPU device it accepts (Vulkan loader present, but no usable Vulkan driver / device)' };
    const info = adapter.info ?? {};
    const detail = `Dawn adapter ${[info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || '(no adapter info)'}`;
    return { ok: true, detail, gpu, versions: Object.fromEntries(Object.keys(PINNED).map((p) => [p, packageVersion(p) ?? 'unknown'])) };
  } catch (err) {
    return { ok: false, reason: `no WebGPU adapter: ${firstLine(err)}` };
  }
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

/** Make 'webgpu' the tfjs backend; throws a one-line Error naming why not. */
export async function loadWebGpuBackend(): Promise<void> {
  const p = await probeWebGpu();
  if (!p.ok) throw new Error(p.reason);
  // tfjs-backend-webgpu asks navigator.gpu for its adapter and device (Node 20 has no navigator)
  const nav = (globalThis as { navigator?: object }).navigator;
  Object.defineProperty(globalThis, 'navigator', { value: { ...nav, gpu: p.gpu }, configurable: true, writable: true });
  try {
    const specifier: string = WEBGPU_PACKAGES.backend;
    await import(specifier);
  } catch (err) {
    throw new Error(`${WEBGPU_PACKAGES.backend} does not load: ${firstLine(err)}`);
  }
  if (tf.findBackendFactory('webgpu') == null) throw new Error(`${WEBGPU_PACKAGES.backend} loaded but registered no 'webgpu' backend in this @tensorflow/tfjs instance`);
  if (!(await tf.setBackend('webgpu'))) throw new Error("tf.setBackend('webgpu') returned false (the backend could not get a device)");
  await tf.ready();
}
