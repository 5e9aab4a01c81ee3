/**
 * The main job end to end: a tiny sweep through the real CLI (pretraining, methods, trainer, metrics,
 * one JSON per run, report tables), regeneration of the tables without training, and resume after a kill.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliEnv, experimentsCli, reportsCli, runCli, startCli, tempDir, writeTinySweep } from './sweep-helpers.ts';

const resultFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_') && !f.startsWith('.')) : []);

describe('experiments:glue end to end', () => {
  const root = tempDir('sweep');
  const cache = tempDir('cache');
  const env = cliEnv(cache);
  const sweep = writeTinySweep(root);
  const results = join(root, 'results');
  const reports = join(root, 'reports');

  test('a tiny sweep writes one result per run and a table', () => {
    const r = runCli(experimentsCli, ['glue', '--sweep', sweep, '--results', results, '--reports', reports, '--workers', '2'], env);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const files = resultFiles(join(results, 'tiny'));
    expect(files.length).toBe(8);
    for (const f of files) {
      const rec = JSON.parse(readFileSync(join(results, 'tiny', f), 'utf8'));
      const text = JSON.stringify(rec);
      expect(text).toMatch(/"status":"ok"/);
      expect(text).toMatch(/"name":"wasm"|"name":"tensorflow|"name":"cpu"/);
      expect(text).toMatch(/"trainableParams":[1-9]/);
    }
    const tables = readdirSync(reports).filter((f) => f.endsWith('.md'));
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) expect(readFileSync(join(reports, t), 'utf8')).toMatch(/demo data/);
    const md = tables.map((t) => readFileSync(join(reports, t), 'utf8')).join('\n');
    expect(md).toMatch(/LoRA/i);
    expect(md).toMatch(/RED/);
    expect(readdirSync(reports).some((f) => f.endsWith('.csv'))).toBe(true);
  });

  test('reports build regenerates the tables from the result files alone', () => {
    const out = join(root, 'rebuilt');
    const r = runCli(reportsCli, ['build', '--results', results, '--out', out, '--no-charts'], env);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const md = readdirSync(out).filter((f) => f.endsWith('.md'));
    expect(md.sort()).toEqual(readdirSync(reports).filter((f) => f.endsWith('.md')).sort());
    for (const f of md) expect(readFileSync(join(out, f), 'utf8').split('\n').filter((l) => l.startsWith('|'))).toEqual(readFileSync(join(reports, f), 'utf8').split('\n').filter((l) => l.startsWith('|')));
  });

  test('killed mid-way, a re-run resumes: nothing lost, nothing repeated', async () => {
    const resumeRoot = tempDir('resume');
    const resumeSweep = writeTinySweep(resumeRoot, { name: 'resume', maxSteps: 12 });
    const res = join(resumeRoot, 'results');
    const args = ['glue', '--sweep', resumeSweep, '--results', res, '--reports', join(resumeRoot, 'reports'), '--workers', '1', '--no-report'];
    const child = startCli(experimentsCli, args, env);
    const dir = join(res, 'resume');
    const deadline = Date.now() + 300_000;
    while (resultFiles(dir).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    const before = resultFiles(dir);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(8);
    const mtimes = new Map(before.map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    const r = runCli(experimentsCli, args, env);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const after = resultFiles(dir);
    expect(after.length).toBe(8);
    for (const [f, t] of mtimes) expect(statSync(join(dir, f)).mtimeMs).toBe(t); // finished runs were not re-run
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
