/**
 * End-to-end through the command line (issue 3, item 9): a tiny sweep (2 tasks × 2 methods × 2 seeds) run
 * by `experiments glue --sweep ...` in worker processes with the fake run function, checked through its
 * result files and regenerated tables; and a sweep killed with SIGKILL after its first result, then resumed.
 */
import { describe, expect, test, vi } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasShared, repoRoot } from '@peftbench/util';
import { fakeSweepYaml, tempDir, writeFile } from './testing/tmp.ts';
import { fakeScore } from './testing/fake-run.ts';
import { readRecord } from './results-store.ts';
import { loadSweepFile } from './sweep-load.ts';
import { expandSweep } from './sweep-expand.ts';
import { families } from './families.ts';
import { main } from './cli.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const runCli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
const resultJsons = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_')) : []);

describe('experiments CLI', () => {
  test('a tiny sweep end to end: 8 result files, regenerated tables with the expected numbers', () => {
    const dir = tempDir();
    const sweepFile = writeFile(dir, 'tiny.yaml', fakeSweepYaml({ name: 'tiny' }));
    const r = runCli(['glue', '--sweep', sweepFile, '--results', join(dir, 'results'), '--reports', join(dir, 'reports'), '--workers', '2']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = join(dir, 'results', 'tiny');
    const files = resultJsons(out);
    expect(files.length).toBe(8);
    for (const f of files) {
      const rec = readRecord(join(out, f), f.slice(0, -5));
      if ('corrupt' in rec) throw new Error(`${f}: ${rec.corrupt}`);
      expect(rec.result.status).toBe('ok');
      expect(rec.result.best!.value).toBeCloseTo(fakeScore(rec.spec), 12);
      expect(rec.git.commit).toMatch(/^[0-9a-f]{40}$/);
    }
    // plain progress lines (stdout is not a TTY), the table, and where it went
    expect(r.stdout).toContain('sweep tiny: 8 runs, 0 already done, 8 to run on 2 workers');
    expect(r.stdout).toMatch(/\[8\/8\] ok /);
    // fake score = method base + task offset + 0.01·seed, reported on the test side 0.005 lower:
    // lora MRPC 0.75 + 0 → 75.5, 76.5 → 76.0 ± 0.7; lora RTE 0.75 − 0.1 → 65.5, 66.5 → 66.0 ± 0.7; Avg. 71.0
    expect(r.stdout).toContain('| **LoRA** | measured | 0.02M | — | — | 76.0 ± 0.7 | — | — | — | 66.0 ± 0.7 | — | 71.0 (2/8) |');
    if (hasShared('papers/tables')) expect(r.stdout).toContain('| | Δ | | — | — | −12.7 | — | — | — | −9.3 | — | −11.0 |'); // vs RED Table 1 LoRA (base): 88.7, 75.3
    expect(r.stdout).toContain('# RED (Wu et al., ACL 2024) Table 1 layout — demo data');
    const md = readFileSync(join(dir, 'reports', 'tiny-red-table1.md'), 'utf8');
    // red: 0.72 → MRPC 73.0, RTE 63.0
    expect(md).toContain('| **RED** | measured | 2048 | — | — | 73.0 ± 0.7 | — | — | — | 63.0 ± 0.7 | — | 68.0 (2/8) |');
    expect(existsSync(join(dir, 'reports', 'tiny-it-tuning-table1.csv'))).toBe(true);
    expect(existsSync(join(dir, 'reports', 'tiny.png'))).toBe(true);

    // second invocation: nothing to do
    const again = runCli(['glue', '--sweep', sweepFile, '--results', join(dir, 'results'), '--reports', join(dir, 'reports'), '--no-report']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('sweep tiny: 8 runs, 8 already done, 0 to run');
  });

  test('failed runs are listed, grouped by message, and make the exit code 1', () => {
    const dir = tempDir();
    const sweepFile = writeFile(dir, 'f.yaml', fakeSweepYaml({ name: 'f', methodConfig: 'fakeCrashSeeds: [2]' }));
    const r = runCli(['glue', '--sweep', sweepFile, '--results', join(dir, 'results'), '--reports', join(dir, 'reports')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('4 run(s) failed:');
    expect(r.stderr).toContain('4 run(s): fake crash at step 2 (seed 2)');
    expect(r.stdout).toContain('(4 ok, 0 diverged, 4 failed)');
  });

  test('bad input: a sweep file that fails validation, an unknown flag, an unwired family', async () => {
    const dir = tempDir();
    const bad = writeFile(dir, 'bad.yaml', fakeSweepYaml().replace('protocol: dev', 'protocol: test-set'));
    const r = runCli(['glue', '--sweep', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:5 \[protocol\]: Invalid option: expected one of "dev"\|"red-split"\|"id3"/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    const flag = runCli(['glue', '--epochs', '3']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--epochs'");
    // every family is wired now: mark one unwired in-process to check the refusal
    const saved = families.math.notWired;
    families.math.notWired = 'test: no run function';
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    try {
      expect(await main(['math'])).toBe(1);
    } finally {
      families.math.notWired = saved;
      spy.mockRestore();
    }
    expect(errors.join('\n')).toContain('experiments math: not wired yet — test: no run function');
  });

  test('killed with SIGKILL after the first result, then re-run: nothing lost, nothing duplicated', async () => {
    const dir = tempDir();
    const log = join(dir, 'started.log');
    const sweepFile = writeFile(dir, 'k.yaml', fakeSweepYaml({ name: 'k', methodConfig: 'fakeSleepMs: 120' }));
    const results = join(dir, 'results');
    const out = join(results, 'k');
    const args = ['--import', 'tsx', cli, 'glue', '--sweep', sweepFile, '--results', results, '--no-report', '--workers', '2'];
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, FAKE_RUN_LOG: log }, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    const deadline = Date.now() + 60_000;
    while (resultJsons(out).length === 0) {
      if (Date.now() > deadline) throw new Error('no result appeared within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 500)); // let orphaned workers notice the lost parent and exit

    const firstPass = new Map(resultJsons(out).map((f) => [f, { text: readFileSync(join(out, f), 'utf8'), mtime: statSync(join(out, f)).mtimeMs }]));
    expect(firstPass.size).toBeGreaterThanOrEqual(1);
    expect(firstPass.size).toBeLessThan(8);
    const startedFirst = readFileSync(log, 'utf8').trim().split('\n');

    const r = runCli(['glue', '--sweep', sweepFile, '--results', results, '--no-report', '--workers', '2'], { FAKE_RUN_LOG: log });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${firstPass.size} already done, ${8 - firstPass.size} to run`);

    const expected = expandSweep(loadSweepFile(sweepFile)).map((s) => `${s.id}.json`).sort();
    expect(resultJsons(out).sort()).toEqual(expected); // every run once, nothing extra
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const [f, before] of firstPass) {
      expect(readFileSync(join(out, f), 'utf8')).toBe(before.text); // finished runs were not run again
      expect(statSync(join(out, f)).mtimeMs).toBe(before.mtime);
    }
    const startedAll = readFileSync(log, 'utf8').trim().split('\n');
    const startedSecond = startedAll.slice(startedFirst.length);
    expect(startedSecond.length).toBe(8 - firstPass.size);
    for (const f of firstPass.keys()) expect(startedSecond).not.toContain(f.slice(0, -5));
    for (const f of expected) {
      const rec = readRecord(join(out, f), f.slice(0, -5));
      expect('corrupt' in rec ? rec.corrupt : rec.result.status).toBe('ok');
    }
  });

  test('Ctrl-C (SIGINT to the process group) stops with exit 130 and records no run as failed', async () => {
    const dir = tempDir();
    const sweepFile = writeFile(dir, 'i.yaml', fakeSweepYaml({ name: 'i', methodConfig: 'fakeSleepMs: 150' }));
    const results = join(dir, 'results');
    const out = join(results, 'i');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'glue', '--sweep', sweepFile, '--results', results, '--no-report', '--workers', '2'], {
      cwd: repoRoot, stdio: 'ignore', detached: true, // its own process group, like a terminal's foreground job
    });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const deadline = Date.now() + 60_000;
    while (resultJsons(out).length === 0) {
      if (Date.now() > deadline) throw new Error('no result appeared within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
    const files = resultJsons(out);
    expect(files.length).toBeLessThan(8);
    for (const f of files) {
      const rec = readRecord(join(out, f), f.slice(0, -5));
      expect('corrupt' in rec ? rec.corrupt : rec.result.status).toBe('ok');
    }
    expect(existsSync(join(out, '.lock'))).toBe(false); // released on the way out
  });
});
