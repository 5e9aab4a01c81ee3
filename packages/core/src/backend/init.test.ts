import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '@peftbench/util';
import { backendInfo, BACKEND_NAMES, initBackend } from './index.ts';
import { parseBackendName, parseThreads } from './names.ts';
import { pickBackend } from './select.ts';
import { packageVersion } from './versions.ts';

const savedEnv = { ...process.env };
afterEach(() => {
  process.env.PEFTBENCH_BACKEND = savedEnv.PEFTBENCH_BACKEND;
  if (savedEnv.PEFTBENCH_BACKEND === undefined) delete process.env.PEFTBENCH_BACKEND;
  process.env.PEFTBENCH_WASM_THREADS = savedEnv.PEFTBENCH_WASM_THREADS;
  if (savedEnv.PEFTBENCH_WASM_THREADS === undefined) delete process.env.PEFTBENCH_WASM_THREADS;
});

describe('names', () => {
  it('rejects an unknown backend with an InputError that lists the valid names', () => {
    expect(() => parseBackendName('metal', 'env PEFTBENCH_BACKEND')).toThrow(InputError);
    expect(() => parseBackendName('metal', 'env PEFTBENCH_BACKEND')).toThrow(
      "env PEFTBENCH_BACKEND: unknown backend 'metal'; valid names: tensorflow-gpu, tensorflow, wasm, cpu, webgpu",
    );
    expect(parseBackendName('cpu', 'x')).toBe('cpu');
    expect(parseBackendName('webgpu', 'x')).toBe('webgpu'); // opt-in (webgpu.test.ts), never in the automatic order
    expect(BACKEND_NAMES).not.toContain('webgpu');
  });

  it('accepts 1..8 threads only', () => {
    expect(parseThreads('2', 's')).toBe(2);
    for (const bad of ['0', '9', '1.5', 'two', '']) expect(() => parseThreads(bad, 'env X'), bad).toThrow(/env X: threads must be/);
  });
});

describe('pickBackend order', () => {
  it('tries candidates in order, keeps the first that loads, and records why the others were skipped', async () => {
    const tried: string[] = [];
    const picked = await pickBackend(BACKEND_NAMES, async (name) => {
      tried.push(name);
      if (name === 'tensorflow-gpu') throw new Error('no CUDA');
      if (name === 'tensorflow') throw new Error('not installed');
    });
    expect(tried).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
    expect(picked).toEqual({ name: 'wasm', skipped: { 'tensorflow-gpu': 'no CUDA', tensorflow: 'not installed' } });
  });

  it('a forced backend that fails is an error saying why, with no fallback', async () => {
    await expect(
      pickBackend(['tensorflow'], async () => {
        throw new Error('libtensorflow.so missing');
      }, 'PEFTBENCH_BACKEND'),
    ).rejects.toThrow("backend 'tensorflow' was forced by PEFTBENCH_BACKEND but cannot load: libtensorflow.so missing");
    // an InputError of one line: CLIs print it without a stack trace
    const err = await pickBackend(['tensorflow'], async () => {
      throw new Error('libtensorflow.so missing\n    at dlopen (native)');
    }, 'PEFTBENCH_BACKEND').catch((e: Error) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe("backend 'tensorflow' was forced by PEFTBENCH_BACKEND but cannot load: libtensorflow.so missing");
  });
});

describe('initBackend', () => {
  it('rejects an unknown PEFTBENCH_BACKEND before loading anything', async () => {
    process.env.PEFTBENCH_BACKEND = 'tpu';
    await expect(initBackend()).rejects.toThrow(/env PEFTBENCH_BACKEND: unknown backend 'tpu'; valid names/);
    expect(backendInfo()).toBeUndefined();
  });

  it.skipIf(packageVersion('@tensorflow/tfjs-node') !== undefined)(
    'forcing tensorflow when @tensorflow/tfjs-node is not installed fails and says why',
    async () => {
      await expect(initBackend({ backend: 'tensorflow' })).rejects.toThrow(
        /backend 'tensorflow' was forced by initBackend\(\{ backend \}\) but cannot load: .*@tensorflow\/tfjs-node/,
      );
      expect(backendInfo()).toBeUndefined();
    },
  );

  it('starts a forced wasm, reports versions, and is idempotent', async () => {
    process.env.PEFTBENCH_BACKEND = 'wasm';
    const info = await initBackend();
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.threads).toBe(1);
    expect(typeof info.simd).toBe('boolean');
    expect(info.versions).toEqual({
      '@tensorflow/tfjs-core': '4.22.0',
      '@tensorflow/tfjs-backend-wasm': '4.22.0',
      node: process.versions.node,
    });
    expect(await initBackend()).toBe(info);
    expect(await initBackend({ backend: 'wasm' })).toBe(info);
    expect(backendInfo()).toBe(info);
  });

  it('refuses to switch backend or threads once started', async () => {
    await expect(initBackend({ backend: 'cpu' })).rejects.toThrow(/already started 'wasm'.*cannot switch/);
    await expect(initBackend({ threads: 2 })).rejects.toThrow(/cannot switch/);
    expect(tf.getBackend()).toBe('wasm');
  });
});
