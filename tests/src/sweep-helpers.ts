/** Helpers for the cross-package flows: run the real CLIs in child processes on temp folders. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@peftbench/util';

export const experimentsCli = join(repoRoot, 'experiments/src/cli.ts');
export const reportsCli = join(repoRoot, 'reports/src/cli.ts');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `peftbench-${prefix}-`));
}

/** A tiny GLUE sweep on demo data: 2 tasks × 2 methods × 2 seeds, a few steps each. */
export function writeTinySweep(dir: string, overrides: { name?: string; data?: string; tasks?: string[]; maxSteps?: number; extra?: string } = {}): string {
  const path = join(dir, 'tiny.yaml');
  writeFileSync(
    path,
    `name: ${overrides.name ?? 'tiny'}
description: integration test sweep
family: glue
model: pretrain:micro-roberta
data: ${overrides.data ?? 'demo'}
protocol: dev
tasks: [${(overrides.tasks ?? ['sst2', 'mrpc']).join(', ')}]
seeds: [1, 2]
aggregation: mean-std
hyper:
  batchSize: 8
  epochs: 1
  maxSteps: ${overrides.maxSteps ?? 6}
  evalEvery: 3
  maxLength: 32
  warmupRatio: 0.0
  weightDecay: 0.0
methods:
  - name: lora
    config: {r: 4, lora_alpha: 8, target_modules: [query, value]}
    hyper: {learningRate: 1.0e-2}
  - name: red
    hyper: {learningRate: 1.0e-2}
${overrides.extra ?? ''}`,
  );
  return path;
}

export function cliEnv(cache: string): NodeJS.ProcessEnv {
  return { ...process.env, PEFTBENCH_CACHE: cache, PEFTBENCH_BACKEND: process.env.PEFTBENCH_BACKEND ?? 'wasm', FORCE_COLOR: '0' };
}

export function runCli(script: string, args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, env, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function startCli(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // its own process group, so a kill takes the workers with it
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, env, detached: true, stdio: 'ignore' });
}
