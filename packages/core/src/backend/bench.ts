/**
 * Backend micro-benchmark: `npx tsx src/backend/bench.ts [--reps N] [--only wasm,wasm-2t,cpu,tensorflow]`.
 *
 * For every available backend (each in its own process, since the wasm thread count is fixed at start),
 * times with the stock tfjs path ("before") and with this folder's fixes and helpers ("after"):
 *   matmul 1024³ plain, matmul 1024³ with transposeB, batched [32,256,64]·[32,64,256],
 *   the gradient of a 2-layer MLP (2048×256 → 1024 → 256, exact GELU, biases),
 *   the gradient of an embedding lookup (vocab 8000 × 256, 2048 ids; "before" on wasm has no kernel).
 * Prints medians, GFLOP/s and before ÷ after. Speed is compared only within one run (shared machine).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend, linear, matMulFast, setBackendFixes, type BackendName } from './index.ts';
import { packageVersion } from './versions.ts';

interface Row {
  name: string;
  gflop: number;
  beforeMs: number | string;
  afterMs: number;
}

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Median wall time of `reps` runs after one warm-up; every output is read back (tfjs is lazy on some backends). */
function median(fn: () => tf.Tensor | tf.Tensor[], reps: number): number {
  const once = () => {
    const t0 = performance.now();
    const out = tf.tidy(fn);
    for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    tf.dispose(out);
    return performance.now() - t0;
  };
  once();
  const times = Array.from({ length: reps }, once).sort((a, b) => a - b);
  return times[Math.floor(reps / 2)];
}

function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
}

function mlpGradient(useFast: boolean) {
  const x = tf.randomNormal([2048, 256], 0, 1, 'float32', 1);
  const W1 = tf.randomNormal([256, 1024], 0, 0.05, 'float32', 2) as tf.Tensor2D;
  const b1 = tf.zeros([1024]) as tf.Tensor1D;
  const W2 = tf.randomNormal([1024, 256], 0, 0.05, 'float32', 3) as tf.Tensor2D;
  const b2 = tf.zeros([256]) as tf.Tensor1D;
  const dense = (h: tf.Tensor, W: tf.Tensor, b: tf.Tensor) =>
    useFast ? linear(h, W as tf.Tensor2D, b as tf.Tensor1D) : tf.add(tf.matMul(h, W), b);
  const loss = (w1: tf.Tensor, c1: tf.Tensor, w2: tf.Tensor, c2: tf.Tensor) => tf.mean(tf.square(dense(gelu(dense(x, w1, c1)), w2, c2)));
  return { run: () => tf.grads(loss)([W1, b1, W2, b2]), dispose: () => tf.dispose([x, W1, b1, W2, b2]) };
}

function embeddingGradient() {
  const E = tf.randomNormal([8000, 256], 0, 1, 'float32', 4);
  const ids = tf.tensor1d(Int32Array.from({ length: 2048 }, (_, i) => (i * 7919) % 8000), 'int32');
  const w = tf.randomNormal([2048, 256], 0, 1, 'float32', 5);
  return { run: () => tf.grad((e: tf.Tensor) => tf.sum(tf.mul(tf.gather(e, ids), w)))(E), dispose: () => tf.dispose([E, ids, w]) };
}

/** Run `fn` with the stock path, or report why it cannot run. */
function before(fn: () => number): number | string {
  setBackendFixes({ segmentSum: false, unpack: false, sum: false, dtypeRepairs: false, matMulGradient: false });
  try {
    return fn();
  } catch (err) {
    return `fails: ${(err instanceof Error ? err.message : String(err)).slice(0, 60)}`;
  } finally {
    setBackendFixes();
  }
}

async function child(backend: BackendName, threads: number, reps: number): Promise<void> {
  const info = await initBackend({ backend, threads });
  const a = tf.randomNormal([1024, 1024], 0, 1, 'float32', 6);
  const b = tf.randomNormal([1024, 1024], 0, 1, 'float32', 7);
  const q = tf.randomNormal([32, 256, 64], 0, 1, 'float32', 8);
  const k = tf.randomNormal([32, 64, 256], 0, 1, 'float32', 9);
  const rows: Row[] = [];
  const mm = 2 * 1024 ** 3 / 1e9;
  rows.push({ name: 'matmul 1024³', gflop: mm, beforeMs: before(() => median(() => tf.matMul(a, b), reps)), afterMs: median(() => matMulFast(a, b), reps) });
  rows.push({ name: 'matmul 1024³, b transposed', gflop: mm, beforeMs: before(() => median(() => tf.matMul(a, b, false, true), reps)), afterMs: median(() => matMulFast(a, b, false, true), reps) });
  rows.push({ name: 'batched [32,256,64]·[32,64,256]', gflop: (2 * 32 * 256 * 64 * 256) / 1e9, beforeMs: before(() => median(() => tf.matMul(q, k), reps)), afterMs: median(() => matMulFast(q, k), reps) });
  const mlpFlop = (3 * 2 * 2048 * (256 * 1024 * 2)) / 1e9; // forward + two backward products per layer
  const stockMlp = mlpGradient(false);
  const fastMlp = mlpGradient(true);
  rows.push({ name: 'MLP gradient 2048×256→1024→256', gflop: mlpFlop, beforeMs: before(() => median(stockMlp.run, reps)), afterMs: median(fastMlp.run, reps) });
  const emb = embeddingGradient();
  const embBefore = backend === 'cpu' ? 'skipped: stock cpu kernel needs 8000 masks of 2048×256 (~16 GB)' : before(() => median(emb.run, reps));
  rows.push({ name: 'embedding gradient 8000×256, 2048 ids', gflop: 0, beforeMs: embBefore, afterMs: median(emb.run, reps) });
  tf.dispose([a, b, q, k]);
  console.log(JSON.stringify({ info: { name: info.name, threads: info.threads, simd: info.simd, notes: info.notes }, rows }));
}

function printTable(label: string, rows: Row[]): void {
  console.log(`\n== ${label}`);
  console.log(`${'case'.padEnd(40)} ${'before ms'.padStart(10)} ${'after ms'.padStart(10)} ${'GFLOP/s before→after'.padStart(22)} ${'before÷after'.padStart(13)}`);
  for (const r of rows) {
    const rate = (ms: number) => (r.gflop > 0 ? ((r.gflop / ms) * 1e3).toFixed(1) : '-');
    if (typeof r.beforeMs === 'string') {
      console.log(`${r.name.padEnd(40)} ${'-'.padStart(10)} ${r.afterMs.toFixed(1).padStart(10)} ${`- → ${rate(r.afterMs)}`.padStart(22)}   (before ${r.beforeMs})`);
    } else {
      console.log(
        `${r.name.padEnd(40)} ${r.beforeMs.toFixed(1).padStart(10)} ${r.afterMs.toFixed(1).padStart(10)} ${`${rate(r.beforeMs)} → ${rate(r.afterMs)}`.padStart(22)} ${(r.beforeMs / r.afterMs).toFixed(2).padStart(12)}×`,
      );
    }
  }
}

async function main(): Promise<void> {
  const reps = Number(flag('--reps') ?? 5);
  if (flag('--child')) return child(flag('--child') as BackendName, Number(flag('--threads') ?? 1), reps);
  const configs = [
    { label: 'tensorflow', backend: 'tensorflow', threads: 1, available: packageVersion('@tensorflow/tfjs-node') !== undefined },
    { label: 'wasm', backend: 'wasm', threads: 1, available: true },
    { label: 'wasm-2t', backend: 'wasm', threads: 2, available: true },
    { label: 'cpu', backend: 'cpu', threads: 1, available: true },
  ];
  const only = flag('--only')?.split(',');
  const script = fileURLToPath(import.meta.url);
  for (const c of configs) {
    if (!c.available || (only && !only.includes(c.label))) continue;
    const cReps = c.backend === 'cpu' ? Math.min(reps, 3) : reps;
    const out = execFileSync(process.execPath, [...process.execArgv, script, '--child', c.backend, '--threads', String(c.threads), '--reps', String(cReps)], {
      encoding: 'utf8',
      env: { ...process.env, PEFTBENCH_BACKEND: '', PEFTBENCH_WASM_THREADS: '' },
      maxBuffer: 1 << 24,
    });
    const { info, rows } = JSON.parse(out.trim().split('\n').pop()!) as { info: Record<string, unknown>; rows: Row[] };
    printTable(`${c.label} ${JSON.stringify(info)} (median of ${cReps})`, rows);
  }
}

await main();
