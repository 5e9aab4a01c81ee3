import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { frozenWeightProduct, initBackend, linear, matMulFast, matMulReleasingPacks, setBackendFixes } from './index.ts';
import { wasmHeapBytes } from '../plan/measure.ts';
import { expectClose, randn, runOn } from './test-helpers.ts';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

/** Record the shape/transpose of every BatchMatMul the wasm backend runs inside `fn`. */
async function recordWasmMatMuls(fn: () => tf.Tensor | tf.Tensor[]): Promise<string[]> {
  const stock = tf.getKernel('BatchMatMul', 'wasm') as KernelConfig;
  const calls: string[] = [];
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...stock,
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      calls.push(`[${a.shape}]${transposeA ? 'T' : ''}x[${b.shape}]${transposeB ? 'T' : ''}`);
      return stock.kernelFunc(args);
    },
  });
  try {
    await runOn('wasm', fn);
  } finally {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel(stock);
  }
  return calls;
}

/** A fast-path product on wasm: both operands rank 2 and no transpose flag. */
const isPlain2D = (call: string) => /^\[\d+,\d+\]x\[\d+,\d+\]$/.test(call);

/**
 * Reference: tf.matMul after broadcasting both batch shapes explicitly. (tf.matMul itself sizes the output
 * by max(batchA, batchB) and is wrong when both operands broadcast, e.g. [2,1,…]·[1,3,…].)
 */
function broadcastMatMul(a: tf.Tensor, b: tf.Tensor, tA = false, tB = false): tf.Tensor {
  const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const full = (x: tf.Tensor) => (x.rank > 2 || batch.length > 0 ? tf.broadcastTo(x, [...batch, ...x.shape.slice(-2)]) : x);
  return tf.matMul(full(a), full(b), tA, tB);
}

type Case = { a: number[]; b: number[]; tA: boolean; tB: boolean };
const cases: Case[] = [
  { a: [48, 40], b: [40, 24], tA: false, tB: false },
  { a: [40, 48], b: [40, 24], tA: true, tB: false },
  { a: [48, 40], b: [24, 40], tA: false, tB: true },
  { a: [40, 48], b: [24, 40], tA: true, tB: true },
  { a: [3, 5, 48, 40], b: [40, 24], tA: false, tB: false }, // linear layer on a [B, H, T, K] input
  { a: [3, 48, 40], b: [1, 24, 40], tA: false, tB: true }, // single matrix with a batch axis of 1
  { a: [6, 64, 32], b: [6, 32, 64], tA: false, tB: false }, // attention scores, per-matrix path
  { a: [6, 64, 32], b: [6, 64, 32], tA: false, tB: true }, // q·kᵀ
  { a: [2, 1, 16, 8], b: [1, 3, 8, 4], tA: false, tB: false }, // broadcast both ways, small: batched path
  { a: [40, 48], b: [5, 40, 24], tA: true, tB: false }, // single left matrix, batched right
];

describe('matMulFast equals tf.matMul (values and gradients), wasm vs cpu', () => {
  for (const { a, b, tA, tB } of cases) {
    it(`[${a}]${tA ? 'ᵀ' : ''} · [${b}]${tB ? 'ᵀ' : ''}`, async () => {
      const f = (mm: typeof matMulFast) => () => {
        const A = randn(a, 1);
        const B = randn(b, 2);
        const out = mm(A, B, tA, tB);
        const w = randn(out.shape, 3);
        const [gA, gB] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(mm(x, y, tA, tB), w)))([A, B]);
        return [out, gA, gB, tf.tensor(out.shape), tf.tensor(gA.shape), tf.tensor(gB.shape)];
      };
      const reference = await runOn('cpu', f(broadcastMatMul));
      const fastWasm = await runOn('wasm', f(matMulFast));
      const fastCpu = await runOn('cpu', f(matMulFast));
      const stockWasm = await runOn('wasm', f(broadcastMatMul));
      expect(fastWasm.slice(3)).toEqual([reference[3], a, b]); // shapes: output, dA = A, dB = B
      for (const [i, name] of ['out', 'dA', 'dB'].entries()) {
        expectClose(fastWasm[i], reference[i], 1e-4, 1e-4, `fast ${name}`);
        expectClose(fastCpu[i], reference[i], 1e-5, 1e-5, `fast on cpu ${name}`);
        expectClose(stockWasm[i], reference[i], 1e-4, 1e-4, `tf.matMul on wasm ${name}`);
      }
    });
  }

  it('the gradient sums a broadcast weight over the batch (the stock gradient returned the batch shape)', async () => {
    // y = x[B,T,K]·W[K,N]; dW = Σ_b x_bᵀ·dy_b = reshape(x)ᵀ·reshape(dy), computed independently on cpu
    const f = () => {
      const x = randn([4, 6, 5], 1);
      const W = randn([5, 3], 2);
      const dy = randn([4, 6, 3], 3);
      const dW = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, w), dy)))(W);
      const expected = tf.matMul(tf.transpose(tf.reshape(x, [24, 5])), tf.reshape(dy, [24, 3]));
      return [dW, expected];
    };
    for (const backend of ['cpu', 'wasm']) {
      const [dW, expected] = await runOn(backend, f);
      expectClose(dW, expected, 1e-5, 1e-5, backend);
    }
  });
});

describe('fast-path shapes on wasm', () => {
  it('a linear layer forward + backward runs only plain 2-D products (both weight layouts)', async () => {
    for (const layout of ['in,out', 'out,in'] as const) {
      const calls = await recordWasmMatMuls(() => {
        const x = randn([2, 16, 32], 1);
        const W = randn(layout === 'in,out' ? [32, 24] : [24, 32], 2) as tf.Tensor2D;
        const bias = randn([24], 3) as tf.Tensor1D;
        return tf.grads((xx: tf.Tensor, w: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(linear(xx, w as tf.Tensor2D, bb as tf.Tensor1D, layout))))([x, W, bias]);
      });
      // forward, dx, dW (the bias gradient's column sums are a JS loop in our Sum kernel since issue 20)
      expect(calls, layout).toHaveLength(3);
      expect(calls.filter((c) => !isPlain2D(c)), layout).toEqual([]);
    }
  });

  it('the gradient of a transposed tf.matMul written by the caller runs only plain 2-D products', async () => {
    const calls = await recordWasmMatMuls(() =>
      tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, w, false, true))))([randn([16, 32], 1), randn([24, 32], 2)]),
    );
    expect(calls[0]).toBe('[16,32]x[24,32]T'); // the forward, as written by the caller
    expect(calls.slice(1)).toEqual(['[16,24]x[24,32]', '[24,16]x[16,32]']); // dx = dy·W, dW = dyᵀ·x (explicit transpose)
  });

  it('with the stock gradient (fixes off) the same backward runs transposed products', async () => {
    setBackendFixes({ matMulGradient: false });
    try {
      const calls = await recordWasmMatMuls(() =>
        tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, w))))([randn([16, 32], 1), randn([32, 24], 2)]),
      );
      expect(calls).toEqual(['[16,32]x[32,24]', '[16,24]x[32,24]T', '[16,32]Tx[16,24]']);
    } finally {
      setBackendFixes();
    }
  });

  it('attention-sized batched products are split into per-matrix 2-D products', async () => {
    // issue 20: one call of the batched kernel, which splits on views inside (kernels/batch-mat-mul.ts)
    const calls = await recordWasmMatMuls(() => matMulFast(randn([4, 64, 32], 1), randn([4, 64, 32], 2), false, true));
    expect(calls).toEqual(['[4,64,32]x[4,32,64]']);
    setBackendFixes({ batchedMatMul: false });
    try {
      const split = await recordWasmMatMuls(() => matMulFast(randn([4, 64, 32], 1), randn([4, 64, 32], 2), false, true));
      expect(split).toEqual(Array(4).fill('[64,32]x[32,64]'));
    } finally {
      setBackendFixes();
    }
  });

  it('linear checks the weight against the input size, naming both', () => {
    expect(() => linear(tf.zeros([2, 5]), tf.zeros([4, 3]) as tf.Tensor2D)).toThrow(/x's last axis \(5\) does not match W's input size \(4, layout in,out, W \[4,3\]\)/);
  });

  it('linear matches x·W + b and x·Wᵀ + b', async () => {
    const f = () => {
      const x = randn([3, 4, 6], 1);
      const W = randn([6, 5], 2) as tf.Tensor2D;
      const b = randn([5], 3) as tf.Tensor1D;
      return [linear(x, W, b), tf.add(tf.matMul(x, W), b), linear(x, tf.transpose(W) as tf.Tensor2D, b, 'out,in')];
    };
    const [y, expected, yHF] = await runOn('wasm', f);
    expectClose(y, expected, 1e-5, 1e-5, 'in,out');
    expectClose(yHF, expected, 1e-5, 1e-5, 'out,in');
  });
});

describe('frozen-weight products that release XNNPACK packs (wasm)', () => {
  for (const transposeW of [false, true]) {
    it(`x · W${transposeW ? 'ᵀ' : ''}: same values and x-gradient as matMulFast, bit for bit`, async () => {
      const f = (release: boolean) => () => {
        const x = randn([12, 40], 1) as tf.Tensor2D;
        const w = randn(transposeW ? [24, 40] : [40, 24], 2) as tf.Tensor2D;
        const mm = (z: tf.Tensor2D) => (release ? frozenWeightProduct(z, w, transposeW) : matMulFast(z, w, false, transposeW));
        const dy = randn([12, 24], 3);
        const gx = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(mm(z as tf.Tensor2D), dy)))(x);
        return [mm(x), gx];
      };
      const kept = await runOn('wasm', f(false));
      const released = await runOn('wasm', f(true));
      expect(released).toEqual(kept);
    });
  }

  for (const transposeB of [false, true]) {
    it(`a right operand${transposeB ? 'ᵀ' : ''} wider than the block size goes in column blocks: the same bits`, async () => {
      const f = (maxBlockBytes?: number) => () => {
        const a = randn([9, 40], 4);
        const b = randn(transposeB ? [50, 40] : [40, 50], 5);
        return maxBlockBytes === undefined ? matMulFast(a, b, false, transposeB) : matMulReleasingPacks(a, b, false, transposeB, maxBlockBytes);
      };
      const whole = await runOn('wasm', f());
      for (const bytes of [40 * 4 * 7, 40 * 4 * 16, 40 * 4 * 49]) expect(await runOn('wasm', f(bytes)), `${bytes} bytes per block`).toEqual(whole);
    });
  }

  it('leaves no packed copy of the weights on the heap (matMulFast keeps one per weight)', async () => {
    // two sets of 24 weights of 4 MiB, all allocated first; the heap only grows, so its growth over each set's
    // products is what the products left behind (XNNPACK's packed copies live in the same heap)
    const [n, K] = [24, 1024];
    const heap = () => wasmHeapBytes()!;
    expect(tf.getBackend()).toBe('wasm');
    const x = tf.keep(tf.randomNormal([4, K], 0, 1, 'float32', 1)) as tf.Tensor2D;
    const released = Array.from({ length: n }, (_, i) => tf.keep(tf.randomNormal([K, K], 0, 1, 'float32', 10 + i)) as tf.Tensor2D);
    const kept = Array.from({ length: n }, (_, i) => tf.keep(tf.randomNormal([K, K], 0, 1, 'float32', 100 + i)) as tf.Tensor2D);
    try {
      const h0 = heap();
      for (const w of released) tf.tidy(() => frozenWeightProduct(x, w).dataSync());
      const h1 = heap();
      for (const w of kept) tf.tidy(() => matMulFast(x, w).dataSync());
      const h2 = heap();
      const weights = n * K * K * 4;
      expect(h1 - h0, 'heap growth over the releasing products').toBeLessThan(0.25 * weights);
      expect(h2 - h1, 'heap growth over the keeping products').toBeGreaterThan(0.75 * weights);
    } finally {
      [x, ...released, ...kept].forEach((t) => t.dispose());
    }
  }, 60_000);
});
