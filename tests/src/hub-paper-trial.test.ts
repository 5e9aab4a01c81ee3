/**
 * Issue 14, the real user's path on the loopback hub: a bounded trial of the paper profile
 * (`--profile paper --tasks rte --methods lora --max-steps 2 --eval-limit 2`) downloads the model served as
 * FacebookAI/roberta-base and the GLUE parquet served as nyu-mll/glue into a Hugging Face-layout cache, and its
 * result file records the commits of both; giving the profile's own `--model` again reuses the same results folder.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@peftbench/util';
import { startLoopbackHub, type LoopbackHub } from '@peftbench/hub/testing';
import { writeHubFixtures } from '@peftbench/datasets/testing';
import { BACKBONES_DIR, readManifest } from '@peftbench/backbones';

const root = mkdtempSync(join(tmpdir(), 'peftbench-hub-trial-'));
let hub: LoopbackHub;
beforeAll(async () => {
  // a real HF-format model folder (the shipped demo backbone) stands in for roberta-base
  const tiny = readManifest().backbones.find((b) => b.recipe === 'tiny-roberta')!;
  hub = await startLoopbackHub({ models: { 'FacebookAI/roberta-base': join(BACKBONES_DIR, tiny.name) }, datasets: { 'nyu-mll/glue': writeHubFixtures(root).glue } });
});
afterAll(async () => hub?.close());

const cli = join(repoRoot, 'experiments/src/cli.ts');
/** The CLI in a child process, asynchronously: the loopback hub answers from this process's event loop. */
const run = (extra: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const args = ['--import', 'tsx', cli, 'glue', '--profile', 'paper', '--tasks', 'rte', '--methods', 'lora', '--seeds', '42', '--max-steps', '2', '--eval-limit', '2', '--workers', '1', '--no-report', '--results', join(root, 'results'), ...extra];
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, PEFTBENCH_HUB_URL: hub.url, HF_HUB_CACHE: join(root, 'hf-cache'), PEFTBENCH_CACHE: join(root, 'cache'), PEFTBENCH_WASM_THREADS: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

describe('paper profile, bounded, on the loopback hub', () => {
  test('the result records the model and dataset commits; the HF cache layout is used', async () => {
    const r = await run([]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const dir = join(root, 'results', 'glue-paper');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_'));
    expect(files).toHaveLength(1);
    const rec = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
    expect(rec.result.status).toBe('ok');
    expect(rec.spec.hyper).toMatchObject({ maxSteps: 2, evalLimit: 2 });
    expect(rec.result.history.step).toEqual([1, 2]);
    const { memory, ...provenance } = rec.result.provenance;
    expect(provenance).toEqual({
      model: 'hf:FacebookAI/roberta-base',
      modelCommit: hub.commitOf('model', 'FacebookAI/roberta-base'),
      data: 'hub:nyu-mll/glue',
      dataCommit: hub.commitOf('dataset', 'nyu-mll/glue'),
    });
    // the memory plan made before loading (issue 20): the whole batch fits, no recomputation asked
    expect(memory).toMatchObject({ microBatch: rec.spec.hyper.batchSize, microBatches: 1, gradientCheckpointing: false });
    // the profile's maxLength (RED Table 9: 256 for RTE) is more than the stand-in model has positions for: said, and recorded
    expect(rec.result.message).toMatch(/maxLength 256 cut to 64, the model's usable positions/);
    expect(existsSync(join(root, 'hf-cache', 'models--FacebookAI--roberta-base', 'refs', 'main'))).toBe(true);
    expect(existsSync(join(root, 'hf-cache', 'datasets--nyu-mll--glue', 'refs', 'main'))).toBe(true);
  });

  test("the profile's own --model spelled out is the same sweep: the finished run is reused", async () => {
    const r = await run(['--model', 'hf:FacebookAI/roberta-base']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('1 runs, 1 already done, 0 to run');
    expect(readdirSync(join(root, 'results'))).toEqual(['glue-paper']);
  });
});
