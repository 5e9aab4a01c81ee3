/**
 * `--vs-torch`: hand the reference encoder's weights (HF names and layout), the LoRA A/B initialisation
 * and the benchmark batch to torch_reference.py, run it on /usr/bin/python3 (Debian's python3-torch), and
 * read its JSON. When torch cannot be imported the reason comes back instead of a result.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSafetensors, type TensorInput } from '@peftbench/safetensors';
import { writeJsonAtomic } from '@peftbench/util';
import * as tf from '@tensorflow/tfjs-core';
import { benchBatch, encoderConfigJson, type EncoderShape } from './reference-encoder.ts';
import { buildModel, buildVariant, BENCH_LORA_CONFIG, type VariantName } from './variants.ts';

export interface TorchMeasurement {
  torch: string;
  python: string;
  threads: number;
  blas: string[];
  steps: number;
  warmup: number;
  trainableParams: Partial<Record<VariantName, number>>;
  ms: Record<VariantName, number[]>;
  medianMs: Record<VariantName, number>;
  losses: Partial<Record<VariantName, number[]>>;
  evalLoss: number;
}

export const TORCH_SCRIPT = fileURLToPath(new URL('./torch_reference.py', import.meta.url));

/** /usr/bin/python3 first: pyenv shims in PATH hide Debian's dist-packages (where apt puts torch). */
export function pythonCandidates(): string[] {
  return [process.env.PEFTBENCH_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p && (p.includes('/') ? existsSync(p) : true));
}

/** The first python that imports torch, or why none does. */
export function findTorchPython(): { python: string; version: string } | { reason: string } {
  const tried: string[] = [];
  for (const python of pythonCandidates()) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) return { python, version: r.stdout.trim() };
    const why = r.error ? r.error.message : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`);
    tried.push(`${python}: ${why}`);
  }
  return { reason: `no python can import torch (${tried.join('; ')}); on Debian: apt-get install -y python3-torch libopenblas0-pthread` };
}

function f32(t: tf.Tensor): TensorInput {
  return { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
}

/** Write config.json, model.safetensors, lora.safetensors, lora.json and batch.json into `dir`. */
export function exportForTorch(dir: string, shape: EncoderShape, seed: number, batchSize: number, seqLen: number): void {
  const model = buildModel(shape, seed);
  const state: Record<string, TensorInput> = {};
  for (const [name, t] of model.stateDict()) {
    state[name] = f32(t);
    t.dispose();
  }
  model.dispose();
  writeSafetensors(join(dir, 'model.safetensors'), state);
  // The LoRA variant initialises A from the model's seed stream: build it the same way and save A/B.
  const lora = buildVariant('lora', shape, seed);
  const adapter: Record<string, TensorInput> = {};
  for (const [key, t] of lora.applied!.adapterTensors()) {
    adapter[key] = f32(t);
    t.dispose();
  }
  lora.dispose();
  writeSafetensors(join(dir, 'lora.safetensors'), adapter);
  writeJsonAtomic(join(dir, 'lora.json'), BENCH_LORA_CONFIG);
  writeJsonAtomic(join(dir, 'config.json'), encoderConfigJson(shape));
  writeJsonAtomic(join(dir, 'batch.json'), benchBatch(shape, batchSize, seqLen, seed + 1));
}

export interface TorchRunRequest {
  python: string;
  dir: string;
  steps: number;
  warmup: number;
  threads: number;
  seed: number;
}

/** Run the peer on the exported folder; throws with the script's stderr when it fails. */
export function runTorch(req: TorchRunRequest): TorchMeasurement {
  const r = spawnSync(req.python, [TORCH_SCRIPT, '--dir', req.dir, '--steps', String(req.steps), '--warmup', String(req.warmup), '--threads', String(req.threads), '--seed', String(req.seed)], {
    encoding: 'utf8',
    // performance-notes.md item 7: idle OpenMP threads must not spin against the other process's pool
    env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE', OMP_NUM_THREADS: String(req.threads) },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`torch_reference.py failed (exit ${r.status}): ${(r.stderr || r.error?.message || '').trim().slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as TorchMeasurement;
}

/** A temp folder for the export, removed by the returned function. */
export function exportDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'peftbench-bench-torch-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
