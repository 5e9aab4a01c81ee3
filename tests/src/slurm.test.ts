/**
 * The Slurm executor against real daemons (munged, slurmctld, slurmd on this machine; see
 * tests/src/slurm-helpers.ts and .ci/slurm-up.sh): identical results to the local runner, scancel and
 * resume, failing and timed-out runs, and a killed submitter. Skips, saying why, when no cluster starts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot } from '@peftbench/util';
import { listSubmissions, readSlurmRecord, sweepStatus } from '@peftbench/experiments';
import { cliEnv, experimentsCli, runCli, startCli, tempDir, writeTinySweep } from './sweep-helpers.ts';
import { liveTasks, slurmCluster, waitFor } from './slurm-helpers.ts';

const cluster = slurmCluster();
if (!cluster.ok) console.log(`skipping the Slurm tests: ${cluster.reason}`);
afterAll(() => cluster.stop());

const resultFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_') && !f.startsWith('.')) : []);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
/** What a run computed — spec, metrics, per-step losses (result.history), counts, backend — not when or how long. */
const computed = (file: string) => {
  const r = readJson(file);
  const { wallSeconds: _, ...result } = r.result;
  return { spec: r.spec, result };
};

const fakeModule = join(repoRoot, 'experiments/src/executors/testing/slurm-fakes.ts');
/** Generous: CI runs these beside the other suites on two shared cores (a run takes ~2 min alone). */
const TEST_TIMEOUT_MS = 900_000;

/** 2 tasks × 2 methods × 2 seeds of the fake run (fakeSleepMs per step), through Slurm by default. */
function fakeSweep(dir: string, o: { name: string; lora?: string; red?: string; slurm?: string; tasks?: string; extra?: string }): string {
  const file = join(dir, `${o.name}.yaml`);
  const text = `name: ${o.name}
family: glue
model: pretrain:tiny-roberta
data: demo
protocol: dev
tasks: ${o.tasks ?? '[rte, mrpc]'}
seeds: [1, 2]
hyper: {learningRate: 1.0e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0.06, weightDecay: 0}
methods:
  - name: lora
    config: {r: 4, ${o.lora ?? ''}}
  - name: red
    config: {${o.red ?? ''}}
runModule: ${fakeModule}#hangingRun
${o.extra ?? ''}
executor:
  kind: slurm
  slurm: {${o.slurm ?? ''}}
`;
  writeFileSync(file, text);
  return file;
}

describe.skipIf(!cluster.ok)('Slurm executor on a real slurmctld', () => {
  const cache = tempDir('slurm-cache');
  const env = { ...cliEnv(cache), PEFTBENCH_SLURM_POLL_MS: '500' };

  test('a tiny real sweep (8 runs) through Slurm gives the same results as the local runner', () => {
    const root = tempDir('slurm-same');
    const sweep = writeTinySweep(root, { name: 'same' });
    const local = join(root, 'local');
    const viaSlurm = join(root, 'slurm');
    const a = runCli(experimentsCli, ['glue', '--sweep', sweep, '--results', local, '--workers', '2', '--no-report'], env);
    expect(a.status, a.stderr + a.stdout).toBe(0);
    const b = runCli(experimentsCli, ['glue', '--sweep', sweep, '--results', viaSlurm, '--executor', 'slurm', '--no-report'], env);
    expect(b.status, b.stderr + b.stdout).toBe(0);
    expect(b.stdout).toMatch(/submitted 8 run\(s\) as Slurm array job \d+/);
    const files = resultFiles(join(local, 'same')).sort();
    expect(files.length).toBe(8);
    expect(resultFiles(join(viaSlurm, 'same')).sort()).toEqual(files);
    for (const f of files) {
      const l = computed(join(local, 'same', f));
      expect(l.result.status).toBe('ok');
      if (l.result.history) expect(l.result.history.loss.length).toBeGreaterThan(0);
      expect(computed(join(viaSlurm, 'same', f))).toEqual(l);
      const rec = readJson(join(viaSlurm, 'same', f));
      expect(rec.slurm.state).toBe('COMPLETED');
      expect(existsSync(join(viaSlurm, 'same', rec.slurm.log))).toBe(true);
    }
  }, TEST_TIMEOUT_MS);

  test('scancel midway, then the same command: only the unfinished runs are submitted; final results as an uninterrupted run', async () => {
    const root = tempDir('slurm-cancel');
    const sweep = fakeSweep(root, { name: 'cancel', lora: 'fakeSleepMs: 400', red: 'fakeSleepMs: 400', slurm: 'maxConcurrent: 2' });
    const results = join(root, 'results');
    const dir = join(results, 'cancel');
    const args = ['glue', '--sweep', sweep, '--results', results, '--no-report'];
    const first = runCli(experimentsCli, [...args, '--detach'], env);
    expect(first.status, first.stderr + first.stdout).toBe(0);
    const [sub] = listSubmissions(dir);
    await waitFor('two finished runs', () => resultFiles(dir).length >= 2);
    runCliScancel(sub.jobId!);
    await waitFor('the array job to end', () => liveTasks(sub.jobId!).length === 0);
    const before = resultFiles(dir);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.length).toBeLessThan(8);
    const mtimes = new Map(before.map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    const done = new Set(before.filter((f) => readJson(join(dir, f)).result.status === 'ok').map((f) => f.slice(0, -5)));

    const st = sweepStatus(dir);
    expect(st.counts.done).toBe(done.size);
    expect(st.counts.done + st.counts.cancelled + st.counts.unknown).toBe(8);

    const again = runCli(experimentsCli, args, env);
    expect(again.status, again.stderr + again.stdout).toBe(0);
    const subs = listSubmissions(dir);
    expect(subs.length).toBe(2);
    expect(subs[1].runs.sort()).toEqual(sub.runs.filter((id) => !done.has(id)).sort());
    for (const [f, t] of mtimes) if (done.has(f.slice(0, -5))) expect(statSync(join(dir, f)).mtimeMs).toBe(t);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // the same sweep run locally, uninterrupted
    const local = join(root, 'local');
    const l = runCli(experimentsCli, ['glue', '--sweep', sweep, '--results', local, '--no-report', '--executor', 'local'], env);
    expect(l.status, l.stderr + l.stdout).toBe(0);
    const files = resultFiles(join(local, 'cancel')).sort();
    expect(resultFiles(dir).sort()).toEqual(files);
    for (const f of files) expect(computed(join(dir, f))).toEqual(computed(join(local, 'cancel', f)));
  }, TEST_TIMEOUT_MS);

  test('a run that fails and one that exceeds its time limit are failed with their Slurm state; the others finish', () => {
    const root = tempDir('slurm-fail');
    const sweep = fakeSweep(root, { name: 'fail', tasks: '[rte]', lora: 'fakeCrashSeeds: [1]', red: 'fakeHangSeeds: [2]', slurm: "time: '1'" });
    const results = join(root, 'results');
    const dir = join(results, 'fail');
    const r = runCli(experimentsCli, ['glue', '--sweep', sweep, '--results', results, '--no-report'], env);
    expect(r.status, r.stderr + r.stdout).toBe(1); // some runs failed
    expect(r.stderr).toMatch(/2 run\(s\) failed/);
    const [sub] = listSubmissions(dir);
    const recs = sub.runs.map((id) => readSlurmRecord(dir, id)!);
    const by = (method: string, seed: number) => recs.find((x) => x.spec.method === method && x.spec.seed === seed)!;
    expect(by('lora', 1).result.status).toBe('failed');
    expect(by('lora', 1).result.message).toBe('fake crash at step 2 (seed 1)');
    expect(by('lora', 1).slurm!.state).toBe('FAILED');
    expect(by('red', 2).result.status).toBe('failed');
    expect(by('red', 2).slurm!.state).toBe('TIMEOUT');
    expect(by('red', 2).result.message).toMatch(/exceeded its time limit/);
    expect(readFileSync(join(dir, by('red', 2).slurm!.log), 'utf8')).toMatch(/SIGTERM|CANCELLED|TIME LIMIT/);
    expect([by('lora', 2).result.status, by('red', 1).result.status]).toEqual(['ok', 'ok']);
    const st = sweepStatus(dir);
    expect([st.counts.done, st.counts.failed, st.counts.timeout]).toEqual([2, 1, 1]);
  }, TEST_TIMEOUT_MS);

  test('prepare: job runs the prepare step as a Slurm job the array depends on; when it fails the runs are cancelled, recorded, and retried', () => {
    const root = tempDir('slurm-prep');
    const log = join(root, 'runs.log');
    const sweep = fakeSweep(root, { name: 'prep', tasks: '[rte]', extra: 'prepareExport: fakePrepare', slurm: 'prepare: job' });
    const results = join(root, 'results');
    const dir = join(results, 'prep');
    const args = ['glue', '--sweep', sweep, '--results', results, '--no-report'];
    const bad = runCli(experimentsCli, args, { ...env, FAKE_RUN_LOG: log, FAKE_PREPARE_FAIL: '1' });
    expect(bad.status, bad.stderr + bad.stdout).toBe(1);
    expect(bad.stdout).toMatch(/submitted the prepare step as Slurm job (\d+); the array waits for it/);
    expect(bad.stderr).toMatch(/4 run\(s\): the Slurm array task was cancelled \(DependencyNeverSatisfied\) without writing a result — did prepare job \d+ fail\?/);
    const [first] = listSubmissions(dir);
    expect(readFileSync(join(dir, 'logs', `slurm-${first.prepareJobId}-prepare.log`), 'utf8')).toMatch(/prepare failed: Error: fake pretraining crashed/);
    const good = runCli(experimentsCli, args, { ...env, FAKE_RUN_LOG: log });
    expect(good.status, good.stderr + good.stdout).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['prepare 4', 'prepare 4']); // once per submission, on a node, before any run
    expect(lines.slice(2).sort()).toEqual([...first.runs].sort());
    expect(sweepStatus(dir).counts.done).toBe(4);
  }, TEST_TIMEOUT_MS);

  test('killing the submitter loses nothing: a second invocation follows the same array job, submits nothing twice', async () => {
    const root = tempDir('slurm-kill');
    const log = join(root, 'runs.log');
    const sweep = fakeSweep(root, { name: 'kill', lora: 'fakeSleepMs: 500', red: 'fakeSleepMs: 500' });
    const results = join(root, 'results');
    const dir = join(results, 'kill');
    const args = ['glue', '--sweep', sweep, '--results', results, '--no-report'];
    const child = startCli(experimentsCli, args, { ...env, FAKE_RUN_LOG: log });
    await waitFor('the submission', () => existsSync(dir) && listSubmissions(dir).some((s) => s.jobId !== null));
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGKILL');
    await exited; // reaped: its lock on the results folder is now stale
    const [sub] = listSubmissions(dir);
    const mid = sweepStatus(dir);
    expect(mid.runs.length).toBe(8);
    expect(mid.runs.every((r) => ['pending', 'running', 'done'].includes(r.state))).toBe(true);
    expect(mid.runs.every((r) => r.jobId?.startsWith(`${sub.jobId}_`))).toBe(true);
    const again = runCli(experimentsCli, args, { ...env, FAKE_RUN_LOG: log });
    expect(again.status, again.stderr + again.stdout).toBe(0);
    expect(listSubmissions(dir).length).toBe(1);
    expect(resultFiles(dir).length).toBe(8);
    const started = readFileSync(log, 'utf8').trim().split('\n');
    expect(started.length).toBe(8); // every run ran exactly once
    expect(new Set(started).size).toBe(8);
    expect(sweepStatus(dir).counts.done).toBe(8);
  }, TEST_TIMEOUT_MS);
});

function runCliScancel(jobId: string): void {
  const r = spawnSync('scancel', [jobId], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scancel ${jobId}: ${r.stderr}`);
}
