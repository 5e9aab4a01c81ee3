/**
 * The optional WebGPU route (issue 20). Here (no GPU, no Vulkan loader) forcing it must fail in one line naming
 * why; on a machine with an adapter the GPU tests run (a matmul and its gradient against cpu) and the
 * no-adapter ones are skipped, each with the reason printed.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, test } from 'vitest';
import { InputError } from '@peftbench/util';
import { backendInfo, initBackend } from './init.ts';
import { probeWebGpu, sharedLibraryFound } from './webgpu.ts';

const probe = await probeWebGpu();
if (!probe.ok) console.log(`skipping the WebGPU adapter tests: ${probe.reason}`);
else console.log(`skipping the no-adapter tests: this machine has ${probe.detail}`);

const saved = process.env.PEFTBENCH_BACKEND;
afterEach(() => {
  if (saved === undefined) delete process.env.PEFTBENCH_BACKEND;
  else process.env.PEFTBENCH_BACKEND = saved;
});

describe('probeWebGpu', () => {
  test('answers with one line: an adapter, or why there is none', () => {
    if (probe.ok) expect(probe.detail).toMatch(/^Dawn adapter /);
    else {
      expect(probe.reason).toMatch(/no WebGPU adapter|not installed|does not load/);
      expect(probe.reason).not.toContain('\n');
    }
  });

  test('is cached per process (one Dawn instance)', async () => {
    expect(await probeWebGpu()).toBe(probe);
  });

  test.skipIf(process.platform !== 'linux')('finds a shared library by name without running it (Linux)', () => {
    expect(sharedLibraryFound('libc.so.6')).toBe(true);
    expect(sharedLibraryFound('libpeftbench-no-such-library.so.9')).toBe(false);
  });
});

describe.skipIf(probe.ok)('forcing webgpu without an adapter', () => {
  test('initBackend({ backend: "webgpu" }): an InputError of one line naming why; nothing started', async () => {
    const err = await initBackend({ backend: 'webgpu' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toBe(`backend 'webgpu' was forced by initBackend({ backend }) but cannot load: ${(probe as { reason: string }).reason}`);
    expect(backendInfo()).toBeUndefined();
  });

  test('PEFTBENCH_BACKEND=webgpu: the same, naming the variable', async () => {
    process.env.PEFTBENCH_BACKEND = 'webgpu';
    await expect(initBackend()).rejects.toThrow(/^backend 'webgpu' was forced by PEFTBENCH_BACKEND but cannot load: (no WebGPU adapter|the optional package)/);
    expect(backendInfo()).toBeUndefined();
  });
});

describe.skipIf(!probe.ok)('webgpu with an adapter', () => {
  test('initBackend starts it and a matmul with its gradient agrees with cpu', async () => {
    const info = await initBackend({ backend: 'webgpu' });
    expect(info.name).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(info.versions['@tensorflow/tfjs-backend-webgpu']).toBe('4.22.0');
    const a = [[1, 2, 3], [4, 5, 6]], b = [[0.5, -1], [2, 0.25], [-3, 1]];
    const run = () => {
      const [x, y] = [tf.tensor2d(a), tf.tensor2d(b)];
      const g = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q).square().sum())([x, y]);
      return [tf.matMul(x, y), ...g].map((t) => Array.from(t.dataSync()));
    };
    const gpu = run();
    await tf.setBackend('cpu');
    const cpu = run();
    await tf.setBackend('webgpu');
    gpu.flat().forEach((v, i) => expect(v).toBeCloseTo(cpu.flat()[i], 4));
  });
});
