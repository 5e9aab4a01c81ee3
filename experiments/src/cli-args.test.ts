import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { applyOverrides, parseCliArgs, parseSeeds, resolveUserPath } from './cli-args.ts';
import { loadSweepFile } from './sweep-load.ts';
import { expandSweep } from './sweep-expand.ts';
import { profileSweep } from './cli.ts';
import { tempDir } from './testing/tmp.ts';

describe('parseCliArgs', () => {
  test('defaults', () => {
    const o = parseCliArgs([]);
    expect([o.profile, o.retryFailed, o.freshProcess, o.report, o.workers, o.tasks]).toEqual(['quick', true, false, true, undefined, undefined]);
  });
  test('lists, numbers and switches', () => {
    const o = parseCliArgs(['--tasks', 'rte,mrpc', '--methods', 'lora', '--seeds', '1,5..7', '--workers', '2', '--limit', '3', '--no-retry-failed', '--profile', 'paper']);
    expect([o.tasks, o.methods, o.seeds, o.workers, o.limit, o.retryFailed, o.profile]).toEqual([['rte', 'mrpc'], ['lora'], [1, 5, 6, 7], 2, 3, false, 'paper']);
  });
  test('bad flags are InputErrors that name the flag', () => {
    expect(() => parseCliArgs(['--workers', '0'])).toThrow(/--workers: expected a positive integer, got '0'/);
    expect(() => parseCliArgs(['--profile', 'huge'])).toThrow(/--profile: expected quick or paper/);
    expect(() => parseCliArgs(['--model', 'roberta-base'])).toThrow(/--model: expected hf:<id>, local:<dir> or pretrain:<recipe>/);
    expect(() => parseCliArgs(['--frobnicate'])).toThrow(/frobnicate/);
    expect(() => parseSeeds('5..1')).toThrow(/runs backwards/);
    expect(() => parseSeeds('1,1')).toThrow(/listed twice/);
  });
});

describe('applyOverrides', () => {
  const quick = loadSweepFile(profileSweep('glue', 'quick'));

  test('--tasks/--methods/--seeds narrow the sweep and keep per-method settings', () => {
    const s = applyOverrides(quick, parseCliArgs(['--tasks', 'rte', '--methods', 'red,lora', '--seeds', '7']));
    expect(s.name).toBe('glue-quick'); // same setting: same results folder
    const runs = expandSweep(s);
    expect(runs.map((r) => `${r.task}/${r.method}/${r.seed}`)).toEqual(['rte/red/7', 'rte/lora/7']);
    expect(runs[1].methodConfig).toEqual(quick.methods.find((m) => m.name === 'lora')!.config);
    expect(runs[0].hyper.learningRate).toBe(quick.methods.find((m) => m.name === 'red')!.hyper.learningRate);
  });

  test('a method named with --methods that the sweep does not list takes its preset (not run by default)', () => {
    expect(expandSweep(quick).some((r) => r.method === 'prompt-tuning')).toBe(false);
    const runs = expandSweep(applyOverrides(quick, parseCliArgs(['--tasks', 'mrpc', '--methods', 'prompt-tuning,ia3', '--seeds', '1'])));
    expect(runs.map((r) => [r.method, r.methodConfig, r.hyper.maxLength])).toEqual([
      ['prompt-tuning', { numVirtualTokens: 16 }, 48],
      ['ia3', {}, 64],
    ]);
  });

  test('--max-steps / --train-limit / --eval-limit bound every run, over every layer of the sweep', () => {
    const runs = expandSweep(applyOverrides(quick, parseCliArgs(['--tasks', 'rte', '--max-steps', '5', '--train-limit', '64', '--eval-limit', '32'])));
    for (const r of runs) expect(r.hyper).toMatchObject({ maxSteps: 5, trainLimit: 64, evalLimit: 32 });
    expect(() => parseCliArgs(['--workers', '99999999999999999999'])).toThrow(/--workers: 99999999999999999999 is more than 64/);
  });

  test('--micro-batch auto|N and --gradient-checkpointing set the run spec keys of every run (new run ids)', () => {
    const plain = expandSweep(applyOverrides(quick, parseCliArgs(['--tasks', 'rte', '--methods', 'lora'])));
    const auto = expandSweep(applyOverrides(quick, parseCliArgs(['--tasks', 'rte', '--methods', 'lora', '--micro-batch', 'auto', '--gradient-checkpointing'])));
    for (const r of auto) expect(r.hyper).toMatchObject({ microBatch: 'auto', gradientCheckpointing: true });
    expect(auto.map((r) => r.id)).not.toEqual(plain.map((r) => r.id));
    for (const r of plain) expect([r.hyper.microBatch, r.hyper.gradientCheckpointing]).toEqual([undefined, undefined]);
    expect(expandSweep(applyOverrides(quick, parseCliArgs(['--tasks', 'rte', '--micro-batch', '4'])))[0].hyper.microBatch).toBe(4);
    expect(() => parseCliArgs(['--micro-batch', '0'])).toThrow(/--micro-batch: expected 'auto' or a positive integer, got '0'/);
    expect(() => parseCliArgs(['--micro-batch', 'some'])).toThrow(/--micro-batch: expected 'auto' or a positive integer, got 'some'/);
  });

  test('--backend names a backend (webgpu included), else one line listing the names', () => {
    expect(parseCliArgs(['--backend', 'webgpu']).backend).toBe('webgpu');
    expect(parseCliArgs(['--backend', 'wasm']).backend).toBe('wasm');
    expect(parseCliArgs([]).backend).toBeUndefined();
    expect(() => parseCliArgs(['--backend', 'metal'])).toThrow("--backend: unknown backend 'metal'; valid names: tensorflow-gpu, tensorflow, wasm, cpu, webgpu");
  });

  test('--data and --model change the setting, and so the results folder name', () => {
    const dir = tempDir();
    const s = applyOverrides(quick, parseCliArgs(['--data', dir, '--model', 'hf:FacebookAI/roberta-base']));
    expect(s.data).toEqual({ kind: 'folder', dir });
    expect(s.model).toBe('hf:FacebookAI/roberta-base');
    expect(s.name).toMatch(/^glue-quick\.data-peftbench-exp-[a-z0-9-]+\.hf-facebookai-roberta-base$/);
  });

  test("the sweep file's report notes describe its own setting: kept as written, dropped by --data or --model", () => {
    const noted = { ...quick, report: { ...quick.report, notes: ['about tiny-roberta on demo data'] } };
    expect(applyOverrides(noted, parseCliArgs(['--seeds', '3'])).report.notes).toEqual(['about tiny-roberta on demo data']);
    expect(applyOverrides(noted, parseCliArgs(['--data', tempDir()])).report.notes).toBeUndefined();
    expect(applyOverrides(noted, parseCliArgs(['--model', 'hf:FacebookAI/roberta-base'])).report.notes).toBeUndefined();
  });

  test('unknown names and missing folders are refused', () => {
    expect(() => applyOverrides(quick, parseCliArgs(['--tasks', 'boolq']))).toThrow(/--tasks: unknown task 'boolq'/);
    expect(() => applyOverrides(quick, parseCliArgs(['--methods', 'prefix']))).toThrow(/--methods: unknown method 'prefix'/);
    expect(() => applyOverrides(quick, parseCliArgs(['--data', '/nonexistent/glue']))).toThrow(/--data \/nonexistent\/glue: folder not found/);
  });

  test('relative paths resolve against the repository root under nx, else the current directory', () => {
    const saved = { ...process.env };
    try {
      process.env.NX_TASK_TARGET_PROJECT = '@peftbench/experiments';
      process.env.NX_WORKSPACE_ROOT = '/ws';
      expect(resolveUserPath('../shared/data/glue')).toBe('/shared/data/glue');
      delete process.env.NX_TASK_TARGET_PROJECT;
      expect(resolveUserPath('x')).toBe(join(process.cwd(), 'x'));
    } finally {
      process.env = saved;
    }
  });
});
