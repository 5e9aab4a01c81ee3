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

/**
 * WebGPU through core's backend initialisation (`initBackend({ backend: 'webgpu' })`, backend/webgpu.ts: the same
 * probe as `peftbench doctor`): needs the optional packages and an adapter (a Vulkan / Metal / D3D12 driver Dawn accepts).
 */
export async function loadWebGpu(): Promise<RouteResult> {
  const { initBackend, probeWebGpu } = await import('@peftbench/core');
  const probe = await probeWebGpu();
  if (!probe.ok) return { route: 'webgpu', ok: false, reason: probe.reason };
  try {
    await initBackend({ backend: 'webgpu' });
    if (tf.getBackend() !== 'webgpu') return { route: 'webgpu', ok: false, reason: `tfjs runs '${tf.getBackend()}', not webgpu` };
    return { route: 'webgpu', ok: true, tfjsName: 'webgpu', detail: probe.detail };
  } catch (err) {
    return { route: 'webgpu', ok: false, reason: (err as Error).message.split('\n')[0] };
  }
}
