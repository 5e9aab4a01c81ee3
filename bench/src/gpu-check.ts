/**
 * gpu-check (issue 20): verify both GPU routes with one command on a machine that has a GPU.
 *   npx nx run bench:gpu-check              # every route that loads: op audit vs cpu + one RoBERTa-base LoRA step
 *   npx nx run bench:gpu-check -- --route webgpu --batch 8
 * For each route (tfjs-node-gpu, WebGPU) that loads: the op audit (forward + gradient of every op a training
 * step uses, core's OP_CASES, against tfjs-backend-cpu) and the time of one RoBERTa-base LoRA training step
 * (random weights from packages/core/configs/roberta-base, batch × length 32 × 128 by default). Routes that do
 * not load are listed with the reason; with none loading it prints so and exits 0 (a machine without a GPU).
 * Each route runs in its own process (tfjs keeps one backend registry per process). Writes reports/bench/gpu-check.json.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { InputError, repoRoot, writeJsonAtomic } from '@peftbench/util';
import { loadTensorflowGpu, loadWebGpu, type GpuRoute, type RouteResult } from './gpu-routes.ts';

export interface AuditRow {
  op: string;
  ok: boolean;
  /** Largest |gpu − cpu| / (atol + rtol·|cpu|) over value and gradients (≤ 1 passes). */
  worst: number;
  error?: string;
}

export interface RouteReport {
  route: GpuRoute;
  loaded: boolean;
  reason?: string;
  detail?: string;
  audit?: AuditRow[];
  loraStep?: { batch: number; length: number; ms: number[]; loss: number } | { skipped: string };
}

async function valuesOn(backend: string, fn: () => tf.Tensor[]): Promise<number[][]> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const outs = tf.tidy(fn);
    const arrays = await Promise.all(outs.map(async (t) => Array.from(await t.data(), Number)));
    outs.forEach((t) => t.dispose());
    return arrays;
  } finally {
    await tf.setBackend(previous);
  }
}

export async function runAudit(gpuBackend: string, rtol = 1e-3, atol = 1e-4): Promise<AuditRow[]> {
  const { OP_CASES, valueAndGrads } = await import('@peftbench/core');
  const rows: AuditRow[] = [];
  for (const [op, c] of Object.entries(OP_CASES)) {
    try {
      const cpu = await valuesOn('cpu', valueAndGrads(c));
      const gpu = await valuesOn(gpuBackend, valueAndGrads(c));
      let worst = 0;
      cpu.forEach((ref, i) => ref.forEach((v, j) => (worst = Math.max(worst, Math.abs(gpu[i][j] - v) / (atol + rtol * Math.abs(v))))));
      rows.push({ op, ok: worst <= 1 && gpu.length === cpu.length, worst });
    } catch (err) {
      rows.push({ op, ok: false, worst: Infinity, error: (err as Error).message.split('\n')[0] });
    }
  }
  return rows;
}

async function loraStep(batch: number, length: number): Promise<RouteReport['loraStep']> {
  const core = await import('@peftbench/core');
  const { loadMethods } = await import('@peftbench/discovery');
  await loadMethods();
  let lora;
  try {
    lora = core.getMethod('lora');
  } catch (err) {
    return { skipped: (err as Error).message };
  }
  const config = core.readHfConfig(join(repoRoot, 'packages/core/configs/roberta-base/config.json'));
  const task = { kind: 'sequence-classification' as const, numLabels: 2 };
  const model = core.createModel(config, task.kind, { seed: 0, numLabels: 2 });
  const applied = lora.apply(model, core.parseMethodConfig(lora, {}), task);
  const ids = Array.from({ length: batch }, (_, b) => Array.from({ length: length }, (_, t) => 3 + ((b * 131 + t * 17) % 50000)));
  const data = { inputIds: ids, attentionMask: ids.map((r) => r.map(() => 1)), labels: ids.map((_, b) => b % 2) } as unknown as import('@peftbench/core').Batch;
  const names = model.params.trainable().map((p) => p.name);
  const opt = new core.AdamW(model.params, { weightDecay: 0.01, groups: applied.groups });
  const ms: number[] = [];
  let loss = NaN;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = core.gradientsOf(model, data, names);
    opt.step(r.grads, 1e-4);
    r.grads.forEach((g) => g.dispose());
    loss = r.loss;
    ms.push(performance.now() - t0);
  }
  opt.dispose();
  model.dispose();
  return { batch, length, ms, loss };
}

async function child(route: GpuRoute, batch: number, length: number): Promise<RouteReport> {
  const loaded: RouteResult = route === 'tensorflow-gpu' ? await loadTensorflowGpu() : await loadWebGpu();
  if (!loaded.ok) return { route, loaded: false, reason: loaded.reason };
  const audit = await runAudit(loaded.tfjsName);
  await tf.setBackend(loaded.tfjsName);
  let step: RouteReport['loraStep'];
  try {
    step = await loraStep(batch, length);
  } catch (err) {
    step = { skipped: (err as Error).message.split('\n')[0] };
  }
  return { route, loaded: true, detail: loaded.detail, audit, loraStep: step };
}

export function formatGpuCheck(reports: RouteReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (!r.loaded) {
      lines.push(`${r.route}: skipped: ${r.reason}`);
      continue;
    }
    const bad = r.audit!.filter((a) => !a.ok);
    lines.push(`${r.route}: ${r.detail}; op audit ${r.audit!.length - bad.length}/${r.audit!.length} ops agree with cpu`);
    lines.push('| op | ok | worst (≤ 1) | error |', '|---|---|---|---|');
    for (const a of r.audit!) lines.push(`| ${a.op} | ${a.ok ? 'yes' : 'NO'} | ${Number.isFinite(a.worst) ? a.worst.toFixed(3) : '–'} | ${a.error ?? ''} |`);
    const s = r.loraStep!;
    lines.push('skipped' in s ? `RoBERTa-base LoRA step: skipped (${s.skipped})` : `RoBERTa-base LoRA step ${s.batch} × ${s.length}: ${s.ms.map((m) => (m / 1000).toFixed(2)).join(', ')} s (first includes warm-up / PTX JIT), loss ${s.loss.toFixed(4)}`);
  }
  if (reports.every((r) => !r.loaded)) lines.push('no GPU route loads on this machine: nothing to check (see README, "GPU")');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      route: { type: 'string', default: 'tensorflow-gpu,webgpu' },
      batch: { type: 'string', default: '32' },
      length: { type: 'string', default: '128' },
      out: { type: 'string', default: join(repoRoot, 'reports/bench/gpu-check.json') },
    },
  });
  const batch = Number(values.batch);
  const length = Number(values.length);
  if (values.child) {
    console.log(JSON.stringify(await child(values.child as GpuRoute, batch, length)));
    return;
  }
  const reports: RouteReport[] = [];
  for (const route of values.route!.split(',') as GpuRoute[]) {
    if (route !== 'tensorflow-gpu' && route !== 'webgpu') throw new InputError(`--route: unknown '${route}' (tensorflow-gpu, webgpu)`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', route, '--batch', String(batch), '--length', String(length)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    try {
      reports.push(JSON.parse(last) as RouteReport);
    } catch {
      reports.push({ route, loaded: false, reason: `check process ${r.signal ? `killed (${r.signal})` : `exited ${r.status}`}: ${(r.stderr || '').trim().split('\n').slice(-2).join(' | ')}` });
    }
  }
  console.log(formatGpuCheck(reports));
  writeJsonAtomic(values.out!, { date: new Date().toISOString(), reports });
  if (reports.some((r) => r.loaded && r.audit!.some((a) => !a.ok))) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof InputError ? err.message : err);
    process.exit(1);
  });
}
