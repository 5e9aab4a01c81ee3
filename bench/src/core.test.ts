import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError } from '@peftbench/util';
import { initBackendForTests } from '@peftbench/core/testing';
import { loadMethods } from '@peftbench/discovery';
import { measureBackend, type BackendMeasurement } from './measure.ts';
import { benchShape, parseBenchOptions, resolveMethods } from './options.ts';
import { planProcesses } from './plan.ts';
import { TINY_SHAPE } from './reference-encoder.ts';
import { compareWithTorch, evaluateTargets, formatTable, summarizeConfig, summarizeTorch } from './report.ts';
import { median } from './timing.ts';
import { formatProfile, profileKernels } from './profile.ts';
import * as tf from '@tensorflow/tfjs-core';
import { exportDir, exportForTorch, findTorchPython, runTorch, type TorchMeasurement } from './torch-peer.ts';

beforeAll(async () => {
  await initBackendForTests();
  await loadMethods();
});

const D = TINY_SHAPE.hiddenSize;
const L = TINY_SHAPE.numLayers;
const F = TINY_SHAPE.intermediateSize;
// BERT sequence classification head: pooler dense D×D + D, classifier D×2 + 2 (trained by every method)
const HEAD = D * D + D + D * 2 + 2;
const BACKBONE = (TINY_SHAPE.vocabSize + TINY_SHAPE.maxPositions + 2) * D + 2 * D + L * (4 * (D * D + D) + 2 * D + (D * F + F) + (F * D + D) + 2 * D);

let measured: BackendMeasurement;

describe('bench measurement (tiny encoder, wasm)', () => {
  beforeAll(async () => {
    measured = await measureBackend({ backend: 'wasm', threads: 1, shape: TINY_SHAPE, batchSize: 2, seqLen: 8, steps: 3, warmup: 1, seed: 0 });
  });

  test('times every configuration for every step, and the medians are of those times', () => {
    for (const v of ['full-ft', 'red', 'lora', 'forward'] as const) {
      expect(measured.ms[v]).toHaveLength(3);
      expect(measured.ms[v]!.every((x) => x > 0)).toBe(true);
      expect(measured.medianMs[v]).toBe(median(measured.ms[v]!));
    }
  });

  test('trains what each method trains (counts from the shapes, independently)', () => {
    expect(measured.trainableParams['full-ft']).toBe(BACKBONE + HEAD);
    expect(measured.trainableParams.red).toBe(2 * D * L + HEAD); // eq. 3: scaling + bias per layer
    expect(measured.trainableParams.lora).toBe(2 * L * 8 * (D + D) + HEAD); // r(in+out) on query and value
  });

  test('steps really train and leak nothing', () => {
    for (const v of ['full-ft', 'red', 'lora'] as const) {
      const l = measured.losses[v]!;
      expect(l).toHaveLength(3);
      expect(l.every(Number.isFinite)).toBe(true);
      expect(l[2]).toBeLessThan(l[0]); // same batch each step, seeded dropout (deterministic): the loss goes down
    }
    expect(measured.leakedTensors).toBe(0);
    expect(measured.evalLoss).toBeGreaterThan(0.5);
    expect(measured.evalLoss).toBeLessThan(0.9); // ~ln 2 for a fresh 2-class head
  });
});

describe('bench report', () => {
  const torch = (threads: number, scale: number): TorchMeasurement => ({
    torch: '1.13',
    python: '3.11',
    threads,
    blas: [],
    steps: 3,
    warmup: 1,
    trainableParams: {},
    ms: { 'full-ft': [10, 20, 30].map((x) => x * scale), red: [5, 5, 5], lora: [6, 6, 6], forward: [2, 3, 4] },
    medianMs: { 'full-ft': 20 * scale, red: 5, lora: 6, forward: 3 },
    losses: {},
    evalLoss: 0.7,
  });

  test('pools rounds, computes ratios against the same-thread PyTorch, and judges the targets', () => {
    const round2 = { ...measured, ms: Object.fromEntries(Object.entries(measured.ms).map(([k, v]) => [k, v!.map((x) => x * 2)])) };
    const c = summarizeConfig('wasm', [measured, round2]);
    expect(c.steps).toBe(6);
    expect(c.rounds).toBe(2);
    expect(c.medianMs['full-ft']).toBe(median([...measured.ms['full-ft']!, ...round2.ms['full-ft']!]));
    expect(c.redOverFt).toBeCloseTo(c.medianMs.red / c.medianMs['full-ft'], 12);
    const peers = [summarizeTorch([torch(2, 1)], 2, 8), summarizeTorch([torch(1, 1)], 2, 8)];
    compareWithTorch([c], peers);
    expect(c.vsTorch!['full-ft']).toBeCloseTo(c.medianMs['full-ft'] / 20, 12);
    expect(c.vsTorch!.forward).toBeCloseTo(c.medianMs.forward / 3, 12);
    expect(c.evalLossRelDiff).toBeCloseTo(Math.abs(c.evalLoss - 0.7) / 0.7, 12);
    const targets = evaluateTargets([c]);
    expect(targets.frozenOverFull.met).toBe(Math.max(c.redOverFt, c.loraOverFt) <= 0.6);
    expect(targets.wasmOverTorch.value).toBeCloseTo(c.medianMs['full-ft'] / 20, 12);
    const table = formatTable({ shape: TINY_SHAPE, configs: [c], skipped: [{ label: 'tensorflow', reason: 'not installed' }], torch: peers, targets, defaultBatchSize: 16 });
    const row = table.split('\n').find((l) => l.startsWith('| wasm |'))!;
    expect(row).toContain('2 × 8 (smaller: wasm is slow)');
    expect(row).toContain(`| ${c.redOverFt.toFixed(2)} | ${c.loraOverFt.toFixed(2)} | ${c.vsTorch!['full-ft'].toFixed(2)} |`);
    expect(table).toContain('| PyTorch 1.13 | 1 | 2 × 8 | 3 | 20.0 | 5.0 | 6.0 | 3.0 | 0.25 | 0.30 |');
    expect(table).toContain('skipped tensorflow: not installed');
    expect(table).toMatch(/target: wasm full step ≤ 2x PyTorch \(wasm vs PyTorch 1 thread\(s\)\): [0-9.]+x → (met|NOT met)/);
  });

  test('without PyTorch the vs-torch target says why it was not measured', () => {
    const c = summarizeConfig('cpu', [{ ...measured, backend: 'cpu' }]);
    const table = formatTable({ shape: TINY_SHAPE, configs: [c], skipped: [], torch: [], torchSkipped: 'no python can import torch', targets: evaluateTargets([c]), defaultBatchSize: 2 });
    expect(table).toContain('not measured (no python can import torch)');
    expect(table).toContain('| cpu | 1 | 2 × 8 | 3 |');
  });
});

describe('bench profile', () => {
  test('kernels are summed by name and by input shapes, with the FLOP rate of products', async () => {
    const a = tf.ones([64, 32]);
    const b = tf.ones([32, 16]);
    const q = tf.ones([3, 8, 4]);
    const k = tf.ones([3, 4, 8]);
    const p = await profileKernels(() => tf.tidy(() => void [tf.matMul(a, b), tf.matMul(a, b), tf.matMul(q, k), tf.add(a, 1)]));
    const mm = p.byShape.find((s) => s.inputShapes === '[64,32]·[32,16]')!;
    expect(mm.calls).toBe(2);
    expect(mm.gflops! * mm.ms * 1e6).toBeCloseTo(2 * (2 * 64 * 32 * 16), 3);
    const batched = p.byShape.find((s) => s.inputShapes === '[3,8,4]·[3,4,8]')!;
    expect(batched.gflops! * batched.ms * 1e6).toBeCloseTo(2 * 3 * 8 * 4 * 8, 3);
    expect(p.kernels.find((x) => x.kernel === 'BatchMatMul')!.calls).toBe(3);
    expect(p.byShape.find((s) => s.kernel === 'Add')!.gflops).toBeUndefined();
    const text = formatProfile({ forwardMs: 1, forwardBackwardMs: 3, backwardMs: 2, optimizerMs: 1, reps: 3, ...p }, 'wasm');
    expect(text).toContain('forward (training mode) 1 ms (25%), backward 2 ms (50%), AdamW 1 ms (25%)');
    expect(text).toMatch(/BatchMatMul \[64,32\]·\[32,16\] +2 calls/);
    tf.dispose([a, b, q, k]);
  });
});

describe('bench options and plan', () => {
  test('defaults: every backend, wasm 1 thread, batch 16 × 128; cpu runs smaller and shorter', () => {
    const o = parseBenchOptions([]);
    expect([o.batchSize, o.seqLen, o.steps, o.warmup]).toEqual([16, 128, 10, 2]);
    const { planned, skipped } = planProcesses({ ...parseBenchOptions(['--threads', '1,2', '--profile']), backends: ['wasm', 'cpu'] });
    expect(planned.map((p) => p.label)).toEqual(['wasm', 'wasm-2t', 'cpu']);
    expect(planned.map((p) => p.request.profile)).toEqual([true, false, false]);
    const cpu = planned[2].request;
    expect([cpu.batchSize, cpu.steps, cpu.warmup]).toEqual([2, 3, 1]);
    expect(skipped).toEqual([]);
  });

  test('--methods: default none beyond the fixed columns; all = every discovered method but full-ft and red; unknown names are refused', () => {
    expect(parseBenchOptions([]).methods).toEqual([]);
    const known = ['full-ft', 'red', 'lora', 'houlsby', 'ia3'];
    expect(resolveMethods(parseBenchOptions(['--methods', 'all']).methods, known)).toEqual(['lora', 'houlsby', 'ia3']);
    expect(resolveMethods(parseBenchOptions(['--methods', 'ia3,red,ia3']).methods, known)).toEqual(['ia3']);
    expect(() => resolveMethods(['ia3', 'nope'], known)).toThrow(/\[--methods\]: unknown method 'nope' \(known: full-ft, red, lora, houlsby, ia3, or all\)/);
    expect(() => resolveMethods(['all', 'ia3'], known)).toThrow(/\[--methods\]/);
    expect(() => parseBenchOptions(['--methods', ','])).toThrow(/\[--methods\]: empty list/);
  });

  test('bad flags name the flag', () => {
    expect(() => parseBenchOptions(['--steps', '0'])).toThrow(/\[--steps\]/);
    expect(() => parseBenchOptions(['--backends', 'gpu'])).toThrow(InputError);
    expect(() => parseBenchOptions(['--threads', '9'])).toThrow(/\[--threads\]/);
    expect(() => parseBenchOptions(['--tiny', '--seq', '32'])).toThrow(/\[--seq\].*max_position_embeddings 16/);
    expect(() => parseBenchOptions(['--nope'])).toThrow(InputError);
    expect(() => parseBenchOptions(['--arch', 'gpt2'])).toThrow(/\[--arch\]: expected one of bert, roberta, deberta-v2, t5/);
    expect(() => parseBenchOptions(['--arch', 't5', '--vs-torch'])).toThrow(/\[--arch\]/);
    expect(benchShape(parseBenchOptions([])).arch).toBeUndefined(); // the BERT reference, unchanged
  });
});

const torchPython = findTorchPython();
if ('reason' in torchPython) console.log(`skipping the PyTorch peer test: ${torchPython.reason}`);

describe.skipIf('reason' in torchPython)('PyTorch peer (torch_reference.py)', () => {
  const out = exportDir();
  afterAll(out.remove);

  test('same weights and batch: the same inference loss and the same trainable counts', () => {
    exportForTorch(out.dir, TINY_SHAPE, 0, 2, 8);
    const t = runTorch({ python: (torchPython as { python: string }).python, dir: out.dir, steps: 2, warmup: 1, threads: 1, seed: 0 });
    expect(Math.abs(t.evalLoss - measured.evalLoss) / measured.evalLoss).toBeLessThan(1e-5);
    expect(t.trainableParams).toEqual({ 'full-ft': measured.trainableParams['full-ft'], red: measured.trainableParams.red, lora: measured.trainableParams.lora });
    expect(t.ms['full-ft']).toHaveLength(2);
    for (const v of ['full-ft', 'red', 'lora'] as const) expect(t.losses[v]!.every(Number.isFinite)).toBe(true);
  });
});

describe('bench --methods (tiny encoder, wasm)', () => {
  test('times each asked method in the same rounds, or gives the reason it refused the encoder', async () => {
    const m = await measureBackend({ backend: 'wasm', threads: 1, shape: TINY_SHAPE, batchSize: 2, seqLen: 8, steps: 2, warmup: 1, seed: 0, variants: ['full-ft'], methods: ['houlsby', 'prompt-tuning'] });
    expect(m.methods!.map((x) => x.name)).toEqual(['houlsby', 'prompt-tuning']);
    const [h, p] = m.methods!;
    if ('refused' in h) throw new Error(`houlsby refused: ${h.refused}`);
    expect(h.ms).toHaveLength(2);
    expect(h.losses).toHaveLength(2);
    expect(h.losses.every(Number.isFinite)).toBe(true);
    // adapters + the head: more than the head alone, far less than the backbone
    expect(h.trainableParams).toBeGreaterThan(HEAD);
    expect(h.trainableParams).toBeLessThan(BACKBONE);
    // prompt-tuning's default 100 virtual tokens do not fit the tiny encoder's 16 positions
    expect(p).toEqual({ name: 'prompt-tuning', refused: expect.stringMatching(/numVirtualTokens/) });
    expect(m.leakedTensors).toBe(0);
  });
});

describe.each(['roberta', 'deberta-v2', 't5'] as const)('bench --arch %s (tiny, wasm)', (arch) => {
  test('builds the reference model of that architecture; every configuration and a method row train and leak nothing', async () => {
    const shape = benchShape(parseBenchOptions(['--tiny', '--arch', arch]));
    expect(shape.arch).toBe(arch);
    const m = await measureBackend({ backend: 'wasm', threads: 1, shape, batchSize: 2, seqLen: 8, steps: 2, warmup: 1, seed: 0, methods: ['ia3'] });
    for (const v of ['full-ft', 'red', 'lora'] as const) {
      expect(m.ms[v]).toHaveLength(2);
      expect(m.losses[v]!.every(Number.isFinite)).toBe(true);
    }
    expect(m.ms.forward).toHaveLength(2);
    const tp = m.trainableParams;
    expect(tp['full-ft']).toBeGreaterThan(tp.lora!);
    expect(tp.lora).toBeGreaterThan(tp.red!);
    const ia3 = m.methods![0];
    if ('refused' in ia3) throw new Error(`ia3 refused ${arch}: ${ia3.refused}`);
    expect(ia3.losses.every(Number.isFinite)).toBe(true);
    expect(ia3.trainableParams).toBeLessThan(tp['full-ft']!);
    expect(m.leakedTensors).toBe(0);
    if (arch === 't5') {
      // seq2seq loss over the vocabulary (not a 2-class head): RED edits encoder and decoder FFNs, no head
      expect(m.evalLoss).toBeGreaterThan(Math.log(2) * 2);
      expect(tp.red).toBe(2 * D * 2 * L);
    } else {
      expect(m.evalLoss).toBeGreaterThan(0.5);
      expect(m.evalLoss).toBeLessThan(0.9); // ~ln 2 for a fresh 2-class head
    }
  });
});

describe('bench CLI', () => {
  test('--methods all: a row per discovered method (timed with a ratio to full FT, or refused with its reason)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peftbench-bench-test-'));
    try {
      const out = join(dir, 'core.json');
      const script = fileURLToPath(new URL('./core.ts', import.meta.url));
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--tiny', '--backends', 'wasm', '--steps', '1', '--warmup', '0', '--methods', 'all', '--out', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const c = JSON.parse(readFileSync(out, 'utf8')).configs[0];
      const expected = (await loadMethods()).map((x) => x.name).filter((n) => n !== 'full-ft' && n !== 'red');
      expect(c.methods.map((x: { name: string }) => x.name)).toEqual(expected);
      for (const name of ['houlsby', 'pfeiffer', 'lin', 'parallel', 'adapterdrop', 'sparse-adapter', 'prefix-tuning', 'prompt-tuning', 'p-tuning', 'ia3', 'pasta', 'unipelt']) {
        if (!expected.includes(name)) continue; // a method package left out by discovery (broken) has no row
        const row = c.methods.find((x: { name: string }) => x.name === name);
        if ('refused' in row) {
          expect(row.refused.length).toBeGreaterThan(0);
          expect(r.stdout).toContain(`| ${name} | – | refused: `);
        } else {
          expect(row.trainableParams).toBeGreaterThan(0);
          expect(row.overFt).toBeCloseTo(row.medianMs / c.medianMs['full-ft'], 12);
          expect(r.stdout).toContain(`| ${row.label} | ${row.trainableParams} | `);
        }
      }
      expect(c.methods.find((x: { name: string }) => x.name === 'ia3').refused).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });


  test('writes the JSON report atomically with the table numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'peftbench-bench-test-'));
    try {
      const out = join(dir, 'core.json');
      const script = fileURLToPath(new URL('./core.ts', import.meta.url));
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--tiny', '--backends', 'wasm', '--steps', '2', '--warmup', '0', '--out', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8'));
      expect(report.configs).toHaveLength(1);
      const c = report.configs[0];
      expect(c.label).toBe('wasm');
      expect(c.ms['full-ft']).toHaveLength(2);
      expect(report.machine.cpus).toBeGreaterThan(0);
      expect(report.skipped).toEqual([]);
      expect(r.stdout).toContain(`| wasm | 1 | 2 × 8 | 2 | `);
      expect(r.stdout).toContain(`| ${c.redOverFt.toFixed(2)} | ${c.loraOverFt.toFixed(2)} |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
