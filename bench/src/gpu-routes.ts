/**
 * The two GPU routes (issue 20): tfjs-node-gpu (libtensorflow 2.9.1: CUDA 11.2 + cuDNN 8.1) and the optional
 * WebGPU route (@tensorflow/tfjs-backend-webgpu on the `webgpu` npm package = Dawn; Vulkan on NVIDIA drivers).
 * Each loader answers with the backend's tfjs name or the reason it cannot load; nothing throws.
 */
import * as tf from '@tensorflow/tfjs';

export type GpuRoute = 'tensorflow-gpu' | 'webgpu';
export type RouteResult = { route: GpuRoute; ok: true; tfjsName: string; detail: string } | { route: GpuRoute; ok: false; reason: string };

/** tfjs-node-gpu through core's backend selection (registers 'tensorflow'); checks that a GPU device is used. */
export async function loadTensorflowGpu(): Promise<RouteResult> {
  try {
    const { initBackend } = await import('@peftbench/core');
    const info = await initBackend({ backend: 'tensorflow-gpu' });
    return { route: 'tensorflow-gpu', ok: true, tfjsName: 'tensorflow', detail: `@tensorflow/tfjs-node-gpu ${info.versions['@tensorflow/tfjs-node-gpu'] ?? ''}`.trim() };
  } catch (err) {
    return { route: 'tensorflow-gpu', ok: false, reason: (err as Error).message.split('\n')[0] };
  }
}

/** WebGPU through Dawn (`webgpu` package): needs an adapter (a Vulkan / Metal / D3D12 GPU driver Dawn accepts). */
export async function loadWebGpu(): Promise<RouteResult> {
  let webgpu: { create(flags: string[]): GPU; globals: Record<string, unknown> };
  try {
    const specifier: string = 'webgpu'; // optional dependency: may be absent
    webgpu = (await import(specifier)) as typeof webgpu;
  } catch (err) {
    return { route: 'webgpu', ok: false, reason: `the optional package 'webgpu' is not installed (${(err as Error).message.split('\n')[0]})` };
  }
  try {
    Object.assign(globalThis, webgpu.globals);
    const gpu = webgpu.create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { route: 'webgpu', ok: false, reason: 'no WebGPU adapter (Dawn found no Vulkan device it accepts)' };
    Object.defineProperty(globalThis, 'navigator', { value: { ...(globalThis as { navigator?: object }).navigator, gpu }, configurable: true });
    const specifier: string = '@tensorflow/tfjs-backend-webgpu';
    await import(specifier);
    if (!(await tf.setBackend('webgpu'))) return { route: 'webgpu', ok: false, reason: "tf.setBackend('webgpu') returned false" };
    await tf.ready();
    const info = (adapter as unknown as { info?: { vendor?: string; architecture?: string; description?: string } }).info;
    return { route: 'webgpu', ok: true, tfjsName: 'webgpu', detail: `Dawn adapter ${[info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || '(no info)'}` };
  } catch (err) {
    return { route: 'webgpu', ok: false, reason: (err as Error).message.split('\n')[0] };
  }
}
