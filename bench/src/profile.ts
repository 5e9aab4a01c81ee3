/**
 * Where a full fine-tuning step spends its time: phases (forward in training mode, backward =
 * forward+backward − forward, AdamW update) by manual timing, and kernels by tf.profile (per-kernel
 * wall time, summed by kernel name). Used by `bench/core.ts --profile` to find hot spots in model code.
 * The frozen-backbone steps (RED, LoRA) get a kernel profile too (`peft`): what a PEFT step still runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { AdamW, computeLoss, gradientsOf, type Batch } from '@peftbench/core';
import { median } from './timing.ts';
import { buildModel, buildVariant, BENCH_LR, BENCH_WEIGHT_DECAY } from './variants.ts';
import type { EncoderShape } from './reference-encoder.ts';

export interface KernelTime {
  kernel: string;
  calls: number;
  ms: number;
}

/** One kernel at one set of input shapes; matmuls also get their rate. */
export interface KernelShapeTime extends KernelTime {
  inputShapes: string;
  /** BatchMatMul only: achieved GFLOP/s (2·batch·M·K·N per call, transpose flags read from the shapes). */
  gflops?: number;
}

export interface StepProfile {
  /** Medians over `reps` repetitions after one warm-up. */
  forwardMs: number;
  forwardBackwardMs: number;
  backwardMs: number;
  optimizerMs: number;
  reps: number;
  /** One profiled step (forward + backward + update), kernels by total time, descending. */
  kernels: KernelTime[];
  /** The same step by kernel and input shapes (top entries): which products are slow. */
  byShape: KernelShapeTime[];
  /** Sum of all kernel times (kernels called from inside other kernels count twice). */
  kernelTotalMs: number;
  /** Wall time of the profiled step (profiling adds overhead per kernel). */
  profiledStepMs: number;
  /** One profiled train step of each frozen-backbone configuration (RED, LoRA), same model and batch. */
  peft?: PeftStepProfile[];
}

export interface PeftStepProfile {
  name: 'red' | 'lora';
  kernels: KernelTime[];
  kernelTotalMs: number;
  profiledStepMs: number;
}

/** Kernels of one train step of a frozen-backbone configuration (after one untimed step: Adam state exists). */
export async function profilePeftStep(name: 'red' | 'lora', shape: EncoderShape, seed: number, batch: Batch): Promise<PeftStepProfile> {
  const v = buildVariant(name, shape, seed);
  try {
    v.run(batch);
    const { kernels, kernelTotalMs, profiledStepMs } = await profileKernels(() => void v.run(batch));
    return { name, kernels, kernelTotalMs, profiledStepMs };
  } finally {
    v.dispose();
  }
}

export async function profileFullStep(shape: EncoderShape, seed: number, batch: Batch, reps = 3): Promise<StepProfile> {
  const model = buildModel(shape, seed);
  model.seedDropout(seed);
  const names = model.params.trainable().map((p) => p.name);
  const optimizer = new AdamW(model.params, { weightDecay: BENCH_WEIGHT_DECAY });
  const time = (fn: () => void) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  const forward = () => tf.tidy(() => void computeLoss(model, batch, { training: true }).dataSync());
  const fb: number[] = [];
  const fw: number[] = [];
  const opt: number[] = [];
  for (let r = -1; r < reps; r++) {
    const f = time(forward);
    let grads = new Map<string, tf.Tensor>();
    const g = time(() => (grads = gradientsOf(model, batch, names, { training: true }).grads));
    const o = time(() => optimizer.step(grads, BENCH_LR));
    grads.forEach((t) => t.dispose());
    if (r >= 0) (fw.push(f), fb.push(g), opt.push(o));
  }
  const { kernels, byShape, kernelTotalMs, profiledStepMs } = await profileKernels(() => {
    const { grads } = gradientsOf(model, batch, names, { training: true });
    optimizer.step(grads, BENCH_LR);
    grads.forEach((t) => t.dispose());
  });
  optimizer.dispose();
  model.dispose();
  const forwardMs = median(fw);
  const forwardBackwardMs = median(fb);
  const peft = [await profilePeftStep('red', shape, seed, batch), await profilePeftStep('lora', shape, seed, batch)];
  return { forwardMs, forwardBackwardMs, backwardMs: forwardBackwardMs - forwardMs, optimizerMs: median(opt), reps, kernels, byShape, kernelTotalMs, profiledStepMs, peft };
}

/** Run `fn` under tf.profile and sum kernel times by kernel name. */
export async function profileKernels(fn: () => void, topShapes = 25): Promise<{ kernels: KernelTime[]; byShape: KernelShapeTime[]; kernelTotalMs: number; profiledStepMs: number }> {
  const t0 = performance.now();
  const info = await tf.profile(fn);
  const profiledStepMs = performance.now() - t0;
  const byName = new Map<string, KernelTime>();
  const byShape = new Map<string, KernelShapeTime & { flop: number }>();
  let kernelTotalMs = 0;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const entry = byName.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += ms;
    kernelTotalMs += ms;
    byName.set(k.name, entry);
    const shapes = k.inputShapes.map((s) => `[${s ?? ''}]`).join('·');
    const key = `${k.name} ${shapes}`;
    const sh = byShape.get(key) ?? { kernel: k.name, inputShapes: shapes, calls: 0, ms: 0, flop: 0 };
    sh.calls += 1;
    sh.ms += ms;
    if (k.name === 'BatchMatMul') sh.flop += matMulFlop(k.inputShapes as number[][], k.outputShapes as number[][]);
    byShape.set(key, sh);
  }
  const shapes = [...byShape.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, topShapes)
    .map(({ flop, ...rest }) => (rest.kernel === 'BatchMatMul' && rest.ms > 0 ? { ...rest, gflops: flop / rest.ms / 1e6 } : rest));
  return { kernels: [...byName.values()].sort((a, b) => b.ms - a.ms), byShape: shapes, kernelTotalMs, profiledStepMs };
}

/** 2·(batch·M·N)·K of one product: the output has batch·M·N elements; a holds aBatch·M·K whatever its transpose flag. */
function matMulFlop(inputs: number[][], outputs: number[][]): number {
  const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
  const out = outputs[0];
  const a = inputs[0];
  const M = out[out.length - 2];
  const K = size(a) / (size(a.slice(0, -2)) * M);
  return 2 * size(out) * K;
}

/** The profile as printed lines: phases, then the kernels that take the most time. */
export function formatProfile(p: StepProfile, label: string, top = 12): string {
  const pct = (ms: number, of: number) => `${((100 * ms) / of).toFixed(0)}%`;
  const step = p.forwardBackwardMs + p.optimizerMs;
  const lines = [
    `profile of one full fine-tuning step on ${label} (medians of ${p.reps}):`,
    `  forward (training mode) ${p.forwardMs.toFixed(0)} ms (${pct(p.forwardMs, step)}), backward ${p.backwardMs.toFixed(0)} ms (${pct(p.backwardMs, step)}), AdamW ${p.optimizerMs.toFixed(0)} ms (${pct(p.optimizerMs, step)})`,
    `  kernels of one profiled step (${p.profiledStepMs.toFixed(0)} ms wall, ${p.kernelTotalMs.toFixed(0)} ms in kernels):`,
  ];
  for (const k of p.kernels.slice(0, top)) lines.push(`    ${k.kernel.padEnd(20)} ${String(k.calls).padStart(5)} calls ${k.ms.toFixed(0).padStart(7)} ms ${pct(k.ms, p.kernelTotalMs).padStart(4)}`);
  lines.push('  by kernel and input shapes:');
  for (const k of p.byShape.slice(0, top)) {
    const rate = k.gflops !== undefined ? `  ${k.gflops.toFixed(1)} GFLOP/s` : '';
    lines.push(`    ${`${k.kernel} ${k.inputShapes}`.padEnd(48)} ${String(k.calls).padStart(5)} calls ${k.ms.toFixed(0).padStart(7)} ms${rate}`);
  }
  for (const q of p.peft ?? []) {
    lines.push(`  kernels of one ${q.name} step (${q.profiledStepMs.toFixed(0)} ms wall, ${q.kernelTotalMs.toFixed(0)} ms in kernels):`);
    for (const k of q.kernels.slice(0, top)) lines.push(`    ${k.kernel.padEnd(20)} ${String(k.calls).padStart(5)} calls ${k.ms.toFixed(0).padStart(7)} ms ${pct(k.ms, q.kernelTotalMs).padStart(4)}`);
  }
  return lines.join('\n');
}
