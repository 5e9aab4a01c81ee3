// Own file: the threaded build must be chosen before the wasm backend first starts in the process.
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { initBackend } from './index.ts';
import { expectClose, randn, runOn } from './test-helpers.ts';

describe('opt-in threaded wasm (PEFTBENCH_WASM_THREADS)', () => {
  it('rejects a bad thread count naming the variable', async () => {
    process.env.PEFTBENCH_WASM_THREADS = '16';
    await expect(initBackend({ backend: 'wasm' })).rejects.toThrow(/env PEFTBENCH_WASM_THREADS: threads must be an integer from 1 to 8, got '16'/);
  });

  it('runs the threaded build with 2 threads and computes what cpu computes', async () => {
    process.env.PEFTBENCH_WASM_THREADS = '2';
    const info = await initBackend({ backend: 'wasm' });
    delete process.env.PEFTBENCH_WASM_THREADS;
    expect(info.notes).toEqual([]);
    expect(info.threads).toBe(2);
    expect(info.simd).toBe(true);
    // big enough that XNNPACK splits the work across the pool
    const f = () => {
      const a = randn([256, 512], 1);
      const b = randn([512, 384], 2);
      return [tf.matMul(a, b), tf.grad((x: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(x, b))))(a)];
    };
    const wasm = await runOn('wasm', f);
    const cpu = await runOn('cpu', f);
    expectClose(wasm[0], cpu[0], 1e-4, 1e-4, 'product');
    expectClose(wasm[1], cpu[1], 1e-4, 1e-4, 'gradient');
  });

  it('lets the process exit after parallel work (pool workers are unref\'d)', () => {
    const child = fileURLToPath(new URL('./threads-exit-child.ts', import.meta.url));
    // Without the fix the child finishes its work and then never exits; the timeout turns that into a failure.
    const out = execFileSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, PEFTBENCH_WASM_THREADS: '' } });
    expect(JSON.parse(out.trim())).toEqual({ threads: 2, corner: 512 });
  });
});
