// Own file: automatic selection needs a process in which no backend was started yet.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from './index.ts';
import { packageVersion } from './versions.ts';

const hasNodeBinding = packageVersion('@tensorflow/tfjs-node') !== undefined || packageVersion('@tensorflow/tfjs-node-gpu') !== undefined;

describe.skipIf(hasNodeBinding)('initBackend without options on a machine without tfjs-node', () => {
  it('skips both libtensorflow bindings (saying why) and picks wasm', async () => {
    delete process.env.PEFTBENCH_BACKEND;
    delete process.env.PEFTBENCH_WASM_THREADS;
    const info = await initBackend();
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(Object.keys(info.skipped)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(info.skipped['tensorflow-gpu']).toMatch(/@tensorflow\/tfjs-node-gpu/);
    expect(info.notes).toEqual([]);
  });
});
