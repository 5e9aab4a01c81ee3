/**
 * The Slurm executor's bookkeeping without Slurm: the script, the run list, resume and the states recorded
 * for tasks that end without a result, with a scheduler double whose task states the test sets. The array
 * tasks themselves run in this process through runTask (the same code sbatch runs). The real daemons are
 * exercised in tests/src/slurm.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadSweepFile } from '../sweep-load.ts';
import { expandSweep } from '../sweep-expand.ts';
import { fakeScore } from '../testing/fake-run.ts';
import { fakeSweepYaml, tempDir, writeFile } from '../testing/tmp.ts';
import { readRecord } from '../results-store.ts';
import { InputError } from '@peftbench/util';
import { runSweepOnSlurm, slurmDryRun } from './slurm-runner.ts';
import type { SweepEvent } from '../runner.ts';
import { runPrepare, runTask } from './slurm-task.ts';
import { FakeScheduler } from './testing/slurm-fakes.ts';
import { listSubmissions, readRunList, readSlurmRecord, submissionDir } from './slurm-store.ts';
import { sbatchScript, sbatchDirectives, shellQuote } from './slurm-script.ts';
import { resolveExecutor, slurmOptionsSchema } from './slurm-config.ts';
import { expandArrayId, SlurmCli } from './slurm-scheduler.ts';
import { sweepStatus, formatStatus } from './status.ts';
import { executorFlagsFrom } from './cli-flags.ts';
import { parseCliArgs } from '../cli-args.ts';
import { main, profileSweep } from '../cli.ts';

const slurm = slurmOptionsSchema.parse({});
const quiet = () => {};
const resultFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_')) : []);

/** Run array tasks of the newest submission in process, as Slurm would, and mark them ended. */
async function runTasks(dir: string, sched: FakeScheduler, indices: number[]): Promise<void> {
  const sub = listSubmissions(dir).at(-1)!;
  const prev = process.env.SLURM_ARRAY_JOB_ID;
  process.env.SLURM_ARRAY_JOB_ID = sub.jobId!;
  try {
    for (const i of indices) {
      sched.set(`${sub.jobId}_${i}`, 'RUNNING');
      const code = await runTask(submissionDir(dir, sub.id), i, quiet);
      sched.set(`${sub.jobId}_${i}`, code === 0 ? 'COMPLETED' : 'FAILED', { exitCode: `${code}:0` });
    }
  } finally {
    if (prev === undefined) delete process.env.SLURM_ARRAY_JOB_ID;
    else process.env.SLURM_ARRAY_JOB_ID = prev;
  }
}

describe('sbatch script', () => {
  test('one array task per run, throttle, resources, requeue, extra args and setup lines', () => {
    const s = slurmOptionsSchema.parse({ partition: 'gpu', account: 'lab', qos: 'normal', time: '04:00:00', gpus: 1, cpus: 8, mem: '32G', maxConcurrent: 16, requeue: true, sbatchArgs: ['--constraint=a100'], setup: ['module load nodejs/20', 'export HF_HOME=/scratch/hf'] });
    const script = sbatchScript({ jobName: 'pb-x-1', runs: 160, submissionDir: '/r/x/_slurm/1', logDir: '/r/x/logs', repoRoot: '/repo', nodeBinary: '/usr/bin/node', taskScript: '/repo/experiments/src/executors/slurm-task.ts', slurm: s });
    const directives = script.split('\n').filter((l) => l.startsWith('#SBATCH ')).map((l) => l.slice(8));
    expect(directives).toEqual([
      '--job-name=pb-x-1', '--array=0-159%16', '--output=/r/x/logs/slurm-%A_%a.log', '--open-mode=append', '--ntasks=1',
      '--partition=gpu', '--account=lab', '--qos=normal', '--time=04:00:00', '--cpus-per-task=8', '--mem=32G', '--gres=gpu:1', '--requeue', '--constraint=a100',
    ]);
    const body = script.split('\n').filter((l) => !l.startsWith('#'));
    expect(body.indexOf('module load nodejs/20')).toBeLessThan(body.indexOf('cd /repo'));
    expect(body.at(-2)).toBe('exec "${PEFTBENCH_NODE:-/usr/bin/node}" --import tsx /repo/experiments/src/executors/slurm-task.ts /r/x/_slurm/1 "$SLURM_ARRAY_TASK_ID"');
    expect(sbatchDirectives({ jobName: 'j', runs: 3, submissionDir: '/s', logDir: '/l', slurm })).toContain('--no-requeue');
    expect(sbatchDirectives({ jobName: 'j', runs: 3, submissionDir: '/s', logDir: '/l', slurm })).toContain('--array=0-2');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });

  test('options are checked: bad time, bad memory, unknown key', () => {
    expect(() => slurmOptionsSchema.parse({ time: '4 hours' })).toThrow(/Slurm time/);
    expect(() => slurmOptionsSchema.parse({ mem: '32 GB' })).toThrow(/Slurm size/);
    expect(() => slurmOptionsSchema.parse({ partitoin: 'gpu' })).toThrow(/partitoin/);
    expect(resolveExecutor({ kind: 'slurm', slurm: { partition: 'a', time: '10' } }, { slurm: { partition: 'b' } })).toEqual({ kind: 'slurm', slurm: { ...slurm, partition: 'b', time: '10' } });
    expect(resolveExecutor('slurm', { kind: 'local' }).kind).toBe('local');
    expect(resolveExecutor(undefined).kind).toBe('local');
  });

  test('array ids from squeue/sacct', () => {
    expect(expandArrayId('12_3')).toEqual({ arrayJobId: '12', tasks: [3] });
    expect(expandArrayId('12_[0-2,5%4]')).toEqual({ arrayJobId: '12', tasks: [0, 1, 2, 5] });
    expect(expandArrayId('12')).toBeNull();
  });
});

describe('sweep file and flags', () => {
  test('executor: in the sweep file is validated with its line; flags parse', () => {
    const dir = tempDir();
    expect(() => loadSweepFile(writeFile(dir, 'a.yaml', fakeSweepYaml({ extra: 'executor:\n  kind: slurm\n  slurm: {partition: gpu, time: soon}' })))).toThrow(/a\.yaml:\d+ \[executor/);
    expect(() => loadSweepFile(writeFile(dir, 'b.yaml', fakeSweepYaml({ extra: 'executor: {kind: slurm, slurm: {partition: gpu, maxConcurrent: 4}}' })))).not.toThrow();
    const o = parseCliArgs(['--executor', 'slurm', '--dry-run', '--requeue', '--slurm-gpus', '2', '--slurm-partition', 'gpu']);
    expect(o.executor).toMatchObject({ kind: 'slurm', dryRun: true, slurm: { gpus: 2, partition: 'gpu', requeue: true } });
    expect(() => executorFlagsFrom({ executor: 'k8s' })).toThrow(/expected local or slurm/);
    expect(() => executorFlagsFrom({ 'slurm-gpus': 'two' })).toThrow(/--slurm-gpus/);
    expect(executorFlagsFrom({ 'slurm-prepare': 'job' }).slurm.prepare).toBe('job');
    expect(() => executorFlagsFrom({ 'slurm-prepare': 'later' })).toThrow(/expected here or job/);
  });
});

describe('--profile paper --executor slurm --dry-run', () => {
  test('prints one array job over every run of RED Table 9 and the run list, and writes nothing', async () => {
    const dir = tempDir();
    let text = '';
    const out = { write: (s: string) => ((text += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
    const code = await main(['glue', '--profile', 'paper', '--executor', 'slurm', '--dry-run', '--results', dir, '--slurm-partition', 'gpu', '--slurm-gpus', '1', '--slurm-time', '04:00:00', '--slurm-max-concurrent', '20'], out);
    expect(code).toBe(0);
    const runs = expandSweep(loadSweepFile(profileSweep('glue', 'paper')));
    expect(runs.length).toBeGreaterThan(100);
    expect(text).toContain(`#SBATCH --array=0-${runs.length - 1}%20`);
    for (const d of ['--partition=gpu', '--gres=gpu:1', '--time=04:00:00', `--output=${dir}/glue-paper/logs/slurm-%A_%a.log`]) expect(text).toContain(`#SBATCH ${d}`);
    expect(text).toMatch(/exec "\$\{PEFTBENCH_NODE:-.+\}" --import tsx .+slurm-task\.ts .+_slurm\/'?<submission>'? "\$SLURM_ARRAY_TASK_ID"/);
    runs.forEach((r, i) => expect(text).toContain(`${String(i).padStart(5)}  ${r.id}  `));
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('Slurm executor bookkeeping (scheduler double)', () => {
  test('dry run prints the script and the run list and writes nothing', () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml()));
    const dry = slurmDryRun(sweep, { resultsRoot: join(dir, 'results'), slurm: { ...slurm, maxConcurrent: 3 }, scheduler: new FakeScheduler() });
    expect(dry.todo.map((s) => s.id)).toEqual(expandSweep(sweep).map((s) => s.id));
    expect(dry.text).toMatch(/#SBATCH --array=0-7%3/);
    expect(dry.text).toContain(`    7  ${expandSweep(sweep)[7].id}`);
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });

  test('submits once, tasks write their own results; resume records cancelled / timed-out tasks as failed and submits only those', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml({ methodConfig: 'fakeCrashSeeds: [9]' })));
    const resultsRoot = join(dir, 'results');
    const out = join(resultsRoot, 'fake');
    const sched = new FakeScheduler();
    const prepared: number[] = [];
    const first = await runSweepOnSlurm(sweep, { resultsRoot, slurm, scheduler: sched, detach: true, prepareFn: async (s) => void prepared.push(s.length) });
    expect(prepared).toEqual([8]);
    expect(sched.scripts.length).toBe(1);
    expect(first.interrupted).toBe(true); // detached: not followed to the end
    const [sub] = listSubmissions(out);
    expect(sub.jobId).toBe('100');
    expect(readRunList(submissionDir(out, sub.id)).specs.map((s) => s.id)).toEqual(expandSweep(sweep).map((s) => s.id));

    await runTasks(out, sched, [0, 1, 2, 3]);
    sched.set('100_4', 'TIMEOUT');
    sched.set('100_5', 'CANCELLED');
    sched.set('100_6', 'RUNNING');
    sched.set('100_7', 'PENDING');
    const ok = readSlurmRecord(out, sub.runs[0])!;
    expect(ok.result.best!.value).toBeCloseTo(fakeScore(ok.spec), 12);
    expect(ok.slurm).toMatchObject({ jobId: '100_0', state: 'COMPLETED', log: 'logs/slurm-100_0.log' });

    const st = sweepStatus(out, sched);
    expect(st.runs.map((r) => r.state)).toEqual(['done', 'done', 'done', 'done', 'timeout', 'cancelled', 'running', 'pending']);
    expect(formatStatus(st)).toMatch(/4 done, 1 running, 1 pending, 1 timeout, 1 cancelled/);

    const mtimes = sub.runs.slice(0, 4).map((id) => statSync(join(out, `${id}.json`)).mtimeMs);
    const second = await runSweepOnSlurm(sweep, { resultsRoot, slurm, scheduler: sched, detach: true, prepareFn: async (s) => void prepared.push(s.length) });
    expect(prepared).toEqual([8, 2]);
    const subs = listSubmissions(out);
    expect(subs.length).toBe(2);
    expect(subs[1].runs).toEqual([sub.runs[4], sub.runs[5]]); // not the running / pending ones, not the done ones
    const timedOut = readSlurmRecord(out, sub.runs[4])!;
    expect(timedOut.result.status).toBe('failed');
    expect(timedOut.result.message).toBe('the Slurm array task exceeded its time limit without writing a result\narray task 100_4, log: logs/slurm-100_4.log');
    expect(timedOut.slurm).toMatchObject({ state: 'TIMEOUT', jobId: '100_4' });
    expect(readSlurmRecord(out, sub.runs[5])!.slurm!.state).toBe('CANCELLED');
    expect(second.failed).toBe(2);
    sub.runs.slice(0, 4).forEach((id, i) => expect(statSync(join(out, `${id}.json`)).mtimeMs).toBe(mtimes[i]));

    // the old array finishes its last two; the new one (101) runs the two retried runs
    process.env.SLURM_ARRAY_JOB_ID = '100';
    for (const i of [6, 7]) await runTask(submissionDir(out, sub.id), i, quiet);
    delete process.env.SLURM_ARRAY_JOB_ID;
    sched.set('100_6', 'COMPLETED');
    sched.set('100_7', 'COMPLETED');
    await runTasks(out, sched, [0, 1]);
    const third = await runSweepOnSlurm(sweep, { resultsRoot, slurm, scheduler: sched, detach: true });
    expect(listSubmissions(out).length).toBe(2); // nothing left to submit
    expect([third.ok, third.failed, third.records.length]).toEqual([8, 0, 8]);
    expect(readSlurmRecord(out, sub.runs[4])!.slurm).toMatchObject({ jobId: '101_0', state: 'COMPLETED' });
    expect(sweepStatus(out, sched).counts.done).toBe(8);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a task that fails writes its failed record (Slurm FAILED); one that dies without a result gets one; a done run is never rewritten', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml({ methodConfig: 'fakeCrashSeeds: [1]' })));
    const resultsRoot = join(dir, 'results');
    const out = join(resultsRoot, 'fake');
    const sched = new FakeScheduler();
    await runSweepOnSlurm(sweep, { resultsRoot, slurm, scheduler: sched, detach: true });
    const [sub] = listSubmissions(out);
    await runTasks(out, sched, [0, 1]); // lora seed 1 crashes, seed 2 is fine
    const crashed = readSlurmRecord(out, sub.runs[0])!;
    expect(crashed.result.message).toBe('fake crash at step 2 (seed 1)');
    expect(crashed.slurm!.state).toBe('FAILED');
    expect(sched.tasks.get('100_0')!.state).toBe('FAILED');
    const done = join(out, `${sub.runs[1]}.json`);
    const before = readFileSync(done, 'utf8');
    process.env.SLURM_ARRAY_JOB_ID = '100';
    expect(await runTask(submissionDir(out, sub.id), 1, quiet)).toBe(0); // run again (a requeue): skipped, file kept
    delete process.env.SLURM_ARRAY_JOB_ID;
    expect(readFileSync(done, 'utf8')).toBe(before);
    sched.set('100_2', 'NODE_FAIL');
    sched.set('100_3', 'OUT_OF_MEMORY');
    for (let i = 4; i < 8; i++) sched.forget(`100_${i}`); // purged, no sacct: state unknown
    const again = await runSweepOnSlurm(sweep, { resultsRoot, slurm, scheduler: sched, detach: true, retryFailed: false });
    expect(listSubmissions(out).length).toBe(1); // --no-retry-failed: nothing submitted
    expect(readSlurmRecord(out, sub.runs[2])!.result.message).toMatch(/lost its node \(NODE_FAIL\)/);
    expect(readSlurmRecord(out, sub.runs[3])!.result.message).toMatch(/ran out of memory/);
    expect(readSlurmRecord(out, sub.runs[4])!.result.message).toMatch(/no longer known to Slurm/);
    expect([again.ok, again.failed]).toEqual([1, 7]);
    for (const f of resultFiles(out)) expect('corrupt' in readRecord(join(out, f), f.slice(0, -5))).toBe(false);
  });

  test('following: events as tasks start and end, a transient squeue failure is ridden out, a timeout is recorded', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml()));
    const resultsRoot = join(dir, 'results');
    const out = join(resultsRoot, 'fake');
    const sched = new FakeScheduler();
    let failOnce = true;
    const states = sched.states.bind(sched);
    sched.states = (jobs) => {
      if (failOnce && sched.tasks.get('100_0')?.state === 'COMPLETED') {
        failOnce = false;
        throw new InputError('squeue: squeue failed (exit 1): slurm_load_jobs error: Socket timed out');
      }
      return states(jobs);
    };
    const events: SweepEvent[] = [];
    const notes: string[] = [];
    const following = runSweepOnSlurm(sweep, { resultsRoot, slurm, scheduler: sched, pollMs: 20, onEvent: (e) => events.push(e), onNote: (l) => notes.push(l) });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => listSubmissions(out)[0]?.jobId && (clearInterval(t), resolve()), 10);
    });
    await runTasks(out, sched, [0, 1, 2, 3, 4, 5, 6]);
    sched.set('100_7', 'TIMEOUT');
    const summary = await following;
    expect([summary.ran, summary.ok, summary.failed, summary.interrupted]).toEqual([8, 7, 1, false]);
    expect(events.filter((e) => e.type === 'run-end').length).toBe(8);
    expect(events.filter((e) => e.type === 'run-start').length).toBe(8);
    expect(notes.some((n) => /asking Slurm failed \(1\/30\), trying again: squeue: squeue failed/.test(n))).toBe(true);
    expect(notes[0]).toMatch(/^submitted 8 run\(s\) as Slurm array job 100 /);
    expect(readSlurmRecord(out, listSubmissions(out)[0].runs[7])!.slurm!.state).toBe('TIMEOUT');
    expect(existsSync(join(out, '.lock'))).toBe(false);
  });

  test('prepare: job submits the prepare step as its own job; the array depends on it and is cancelled when it fails', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml({ extra: 'prepareExport: fakePrepare' })));
    const resultsRoot = join(dir, 'results');
    const out = join(resultsRoot, 'fake');
    const sched = new FakeScheduler();
    const log = join(dir, 'log');
    process.env.FAKE_RUN_LOG = log;
    try {
      await runSweepOnSlurm(sweep, { resultsRoot, slurm: { ...slurm, prepare: 'job', partition: 'gpu' }, scheduler: sched, detach: true });
      expect(existsSync(log)).toBe(false); // not prepared here
      expect(sched.scripts.map((f) => f.split('/').pop())).toEqual(['prepare.sbatch', 'job.sbatch']);
      const prep = readFileSync(sched.scripts[0], 'utf8');
      const job = readFileSync(sched.scripts[1], 'utf8');
      expect(prep).not.toMatch(/--array/);
      expect(prep).toMatch(/#SBATCH --partition=gpu/);
      expect(prep).toMatch(/slurm-task\.ts --prepare \S+_slurm\/\S+"?$/m);
      expect(job).toMatch(/#SBATCH --dependency=afterok:100\n#SBATCH --kill-on-invalid-dep=yes/);
      const [sub] = listSubmissions(out);
      expect([sub.prepareJobId, sub.jobId]).toEqual(['100', '101']);
      expect(await runPrepare(submissionDir(out, sub.id), quiet)).toBe(0);
      expect(readFileSync(log, 'utf8')).toBe('prepare 8\n');
      process.env.FAKE_PREPARE_FAIL = '1';
      expect(await runPrepare(submissionDir(out, sub.id), quiet)).toBe(1);
    } finally {
      delete process.env.FAKE_RUN_LOG;
      delete process.env.FAKE_PREPARE_FAIL;
    }
    for (let i = 0; i < 8; i++) sched.set(`101_${i}`, 'CANCELLED', { reason: 'DependencyNeverSatisfied' });
    const again = await runSweepOnSlurm(sweep, { resultsRoot, slurm: { ...slurm, prepare: 'job' }, scheduler: sched, detach: true });
    expect(again.failed).toBe(8);
    expect(again.records[0].result.message!.split('\n')[0]).toBe('the Slurm array task was cancelled (DependencyNeverSatisfied) without writing a result — did prepare job 100 fail? logs/slurm-100-prepare.log');
    expect(sched.scripts.length).toBe(4); // resubmitted: a new prepare job and a new array
    const dry = slurmDryRun(sweep, { resultsRoot: join(dir, 'elsewhere'), slurm: { ...slurm, prepare: 'job' }, scheduler: sched });
    expect(dry.text).toMatch(/prepare\.sbatch \(submitted first\)/);
    expect(dry.text).toMatch(/--dependency=afterok:<prepare job id>/);
  });

  test('without Slurm: "sbatch not found", before any preparation', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml()));
    const path = process.env.PATH;
    process.env.PATH = dir; // no sbatch here
    let prepared = false;
    try {
      const err = await runSweepOnSlurm(sweep, { resultsRoot: join(dir, 'results'), slurm, scheduler: new SlurmCli(), prepareFn: async () => void (prepared = true) }).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/^sbatch not found/);
      expect(prepared).toBe(false);
      // a dry run needs no Slurm
      expect(slurmDryRun(sweep, { resultsRoot: join(dir, 'results'), slurm }).todo.length).toBe(8);
    } finally {
      process.env.PATH = path;
    }
  });
});
