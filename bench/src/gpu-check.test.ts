import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackendForTests } from '@peftbench/core/testing';
import { formatGpuCheck, runAudit } from './gpu-check.ts';
import { loadWebGpu } from './gpu-routes.ts';

beforeAll(initBackendForTests);

describe('gpu-check plumbing (no GPU needed)', () => {
  test('the op audit runs every case against cpu and passes for wasm', async () => {
    const rows = await runAudit('wasm');
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r) => !r.ok)).toEqual([]);
  });

  test('a route that disagrees with cpu is reported by op', async () => {
    // a wasm "GPU" whose Exp is off by 1%: the audit must name exp (and the ops built on it)
    const stock = tf.getKernel('Exp', 'wasm')!;
    tf.unregisterKernel('Exp', 'wasm');
    tf.registerKernel({ ...stock, kernelFunc: (args) => {
      const out = stock.kernelFunc(args) as tf.TensorInfo;
      const t = tf.engine().makeTensorFromTensorInfo(out);
      const wrong = tf.mul(t, 1.01);
      t.dispose();
      return wrong as unknown as tf.TensorInfo;
    } });
    try {
      const rows = await runAudit('wasm');
      const bad = rows.filter((r) => !r.ok).map((r) => r.op);
      expect(bad).toContain('exp');
      const text = formatGpuCheck([{ route: 'webgpu', loaded: true, detail: 'test', audit: rows, loraStep: { skipped: 'not timed' } }]);
      expect(text).toMatch(/\| exp \| NO \|/);
    } finally {
      tf.unregisterKernel('Exp', 'wasm');
      tf.registerKernel(stock);
    }
  });
});

const webgpu = await loadWebGpu();
if (!webgpu.ok) console.log(`skipping WebGPU route tests: ${webgpu.reason}`);
describe.skipIf(!webgpu.ok)('WebGPU route (needs an adapter)', () => {
  test('the op audit agrees with cpu on webgpu', async () => {
    const rows = await runAudit('webgpu');
    expect(rows.filter((r) => !r.ok)).toEqual([]);
  });
});

test('without an adapter the WebGPU route says so', () => {
  if (webgpu.ok) return; // a machine with an adapter: covered above
  expect(webgpu.reason).toMatch(/no WebGPU adapter|not installed/);
});
