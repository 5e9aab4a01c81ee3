import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSweepFile } from './sweep-load.ts';
import { expandSweep } from './sweep-expand.ts';
import { runSweep, type SweepEvent } from './runner.ts';
import { fakePrepare, fakeRun, fakeScore } from './testing/fake-run.ts';
import type { RunSpec } from './run-types.ts';
import { tempDir, writeFile, fakeSweepYaml } from './testing/tmp.ts';
import { readRecord } from './results-store.ts';

const resultFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_'));

describe('runSweep in process (fake run function)', () => {
  test('writes one valid record per run with the run\'s numbers, then skips them on re-run', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml()));
    const resultsRoot = join(dir, 'results');
    const events: SweepEvent[] = [];
    const first = await runSweep(sweep, { resultsRoot, runFn: fakeRun, onEvent: (e) => events.push(e) });
    expect([first.total, first.ran, first.skipped, first.ok]).toEqual([8, 8, 0, 8]);
    const out = join(resultsRoot, 'fake');
    expect(resultFiles(out).length).toBe(8);
    const spec = expandSweep(sweep).find((s) => s.task === 'mrpc' && s.method === 'red' && s.seed === 2)!;
    const rec = readRecord(join(out, `${spec.id}.json`), spec.id);
    if ('corrupt' in rec) throw new Error(rec.corrupt);
    expect(rec.spec).toEqual(spec);
    expect(rec.result.best!.value).toBeCloseTo(fakeScore(spec), 12); // 0.72 + 0 + 0.02 - 0 = 0.74
    expect(rec.result.best!.value).toBeCloseTo(0.74, 12);
    expect(rec.result.trainableParams).toBe(2048);
    expect(rec.result.evals.length).toBe(4);
    expect(rec.environment.node).toBe(process.version);
    expect(events.filter((e) => e.type === 'run-progress').length).toBeGreaterThanOrEqual(8);
    const meta = JSON.parse(readFileSync(join(out, '_sweep.json'), 'utf8'));
    expect(meta.runs.length).toBe(8);
    expect(meta.aggregation).toEqual({ rule: 'mean-std' });

    const second = await runSweep(sweep, { resultsRoot, runFn: fakeRun });
    expect([second.ran, second.skipped, second.records.length]).toEqual([0, 8, 8]);
    expect(existsSync(join(out, '.lock'))).toBe(false);
  });

  test('a corrupt or tampered result file is reported and run again, never counted', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml()));
    const resultsRoot = join(dir, 'results');
    await runSweep(sweep, { resultsRoot, runFn: fakeRun });
    const out = join(resultsRoot, 'fake');
    const [a, b] = resultFiles(out).sort();
    writeFileSync(join(out, a), '{"format": "peftbench-run/1", "id": '); // truncated
    const tampered = JSON.parse(readFileSync(join(out, b), 'utf8'));
    tampered.spec.seed = 99; // the spec no longer hashes to the file's id
    writeFileSync(join(out, b), JSON.stringify(tampered));
    const events: SweepEvent[] = [];
    const again = await runSweep(sweep, { resultsRoot, runFn: fakeRun, onEvent: (e) => events.push(e) });
    const start = events.find((e) => e.type === 'start')!;
    if (start.type !== 'start') throw new Error();
    expect(start.corrupt.map((c) => c.file.split('/').pop()).sort()).toEqual([a, b]);
    expect(start.corrupt.find((c) => c.file.endsWith(a))!.reason).toMatch(/not valid JSON/);
    expect(start.corrupt.find((c) => c.file.endsWith(b))!.reason).toMatch(/hashes to/);
    expect([again.ran, again.skipped, again.ok]).toEqual([2, 6, 8]);
    for (const f of [a, b]) expect('corrupt' in readRecord(join(out, f), f.slice(0, -5))).toBe(false);
  });

  test('failed and diverged runs are recorded and the sweep goes on; failed ones are retried next time', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml({ methodConfig: 'fakeCrashSeeds: [1], fakeDivergeSeeds: [2]' })));
    const resultsRoot = join(dir, 'results');
    const s = await runSweep(sweep, { resultsRoot, runFn: fakeRun });
    expect([s.ran, s.ok, s.failed, s.diverged]).toEqual([8, 0, 4, 4]);
    const failed = s.records.find((r) => r.result.status === 'failed')!;
    expect(failed.result.message).toBe('fake crash at step 2 (seed 1)');
    const diverged = s.records.find((r) => r.result.status === 'diverged')!;
    expect(diverged.result.message).toBe('loss became NaN');
    expect(diverged.result.evals[1].metrics.accuracy).toBeNull(); // NaN stored as null, file stays valid JSON
    const again = await runSweep(sweep, { resultsRoot, runFn: fakeRun });
    expect([again.ran, again.skipped]).toEqual([4, 4]);
    const noRetry = await runSweep(sweep, { resultsRoot, runFn: fakeRun, retryFailed: false });
    expect(noRetry.ran).toBe(0);
  });

  test('an ok result whose selected metric is NaN is recorded as diverged; a malformed result as failed', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml()));
    let n = 0;
    const s = await runSweep(sweep, {
      resultsRoot: join(dir, 'results'),
      limit: 2,
      runFn: async (spec, p) => {
        const r = await fakeRun(spec, p);
        return n++ === 0 ? { ...r, best: { ...r.best!, value: NaN } } : ({ ...r, trainableParams: -1 } as never);
      },
    });
    expect(s.records.map((r) => r.result.status)).toEqual(['diverged', 'failed']);
    expect(s.records[0].result.message).toMatch(/selected metric accuracy is not a finite number/);
    expect(s.records[1].result.message).toMatch(/invalid result: \[trainableParams\]/);
  });

  test('a second sweep on the same results folder is refused while the first holds the lock', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml()));
    const resultsRoot = join(dir, 'results');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = runSweep(sweep, { resultsRoot, limit: 1, runFn: async (spec, p) => (await gate, fakeRun(spec, p)) });
    await new Promise((r) => setTimeout(r, 50));
    await expect(runSweep(sweep, { resultsRoot, runFn: fakeRun })).rejects.toThrow(/another sweep \(pid \d+\) is running/);
    release();
    expect((await first).ok).toBe(1);
  });

  test('a stale lock from a killed sweep is taken over', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml()));
    const resultsRoot = join(dir, 'results');
    writeFile(join(resultsRoot, 'fake'), '.lock', '999999999'); // no such process
    expect((await runSweep(sweep, { resultsRoot, runFn: fakeRun, limit: 1 })).ok).toBe(1);
  });
});

describe('prepare step (shared work before the runs)', () => {
  test('called once, in process, with only the runs still to do', async () => {
    const dir = tempDir();
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml()));
    const resultsRoot = join(dir, 'results');
    await runSweep(sweep, { resultsRoot, runFn: fakeRun, limit: 3 });
    const calls: RunSpec[][] = [];
    const events: string[] = [];
    const s = await runSweep(sweep, { resultsRoot, runFn: fakeRun, prepareFn: async (specs) => void calls.push(specs), onEvent: (e) => events.push(e.type) });
    expect(calls.length).toBe(1);
    expect(calls[0].map((x) => x.id)).toEqual(expandSweep(sweep).slice(3).map((x) => x.id));
    expect(events.indexOf('prepare-end')).toBeLessThan(events.indexOf('run-start'));
    expect(s.ran).toBe(5);
    const none: RunSpec[][] = [];
    await runSweep(sweep, { resultsRoot, runFn: fakeRun, prepareFn: async (specs) => void none.push(specs) });
    expect(none).toEqual([]); // nothing to do: no preparation
  });

  test('in a worker process before the runs; a failing prepare stops the sweep with nothing recorded', async () => {
    const dir = tempDir();
    const log = join(dir, 'log');
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml({ extra: 'prepareExport: fakePrepare' })));
    process.env.FAKE_RUN_LOG = log;
    process.env.FAKE_PREPARE_FAIL = '1';
    try {
      await expect(runSweep(sweep, { resultsRoot: join(dir, 'results'), workers: 2 })).rejects.toThrow(/preparing the runs failed \(nothing was run\): fake pretraining crashed/);
      expect(resultFiles(join(dir, 'results', 'fake'))).toEqual([]);
      delete process.env.FAKE_PREPARE_FAIL;
      const s = await runSweep(sweep, { resultsRoot: join(dir, 'results'), workers: 2 });
      expect(s.ok).toBe(8);
    } finally {
      delete process.env.FAKE_RUN_LOG;
      delete process.env.FAKE_PREPARE_FAIL;
    }
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('prepare 8');
    expect(lines[1]).toBe('prepare 8');
    expect(lines.slice(2).length).toBe(8);
    expect(lines.slice(2).every((l) => !l.startsWith('prepare'))).toBe(true);
  });
});

describe('runSweep in worker processes', () => {
  test('--workers 2 runs everything once in child processes; a dying worker is a failed run and is replaced', async () => {
    const dir = tempDir();
    const log = join(dir, 'runs.log');
    process.env.FAKE_RUN_LOG = log;
    const sweep = loadSweepFile(writeFile(dir, 's.yaml', fakeSweepYaml({ methodConfig: 'fakeExitSeeds: [2], fakeSleepMs: 20' })));
    const slots = new Set<number>();
    const s = await runSweep(sweep, { resultsRoot: join(dir, 'results'), workers: 2, onEvent: (e) => e.type === 'run-start' && slots.add(e.slot) });
    delete process.env.FAKE_RUN_LOG;
    expect([s.ran, s.ok, s.failed]).toEqual([8, 4, 4]);
    expect([...slots].sort()).toEqual([0, 1]);
    const died = s.records.find((r) => r.result.status === 'failed')!;
    expect(died.result.message).toMatch(/worker process exited \(code 3/);
    const started = readFileSync(log, 'utf8').trim().split('\n');
    expect(started.length).toBe(8);
    expect(new Set(started).size).toBe(8);
    // the run function really ran in another process: its log lines went to the per-run log folder
    expect(existsSync(join(dir, 'results', 'fake', 'logs'))).toBe(true);
    const ok = s.records.find((r) => r.result.status === 'ok')!;
    expect(ok.result.best!.value).toBeCloseTo(fakeScore(ok.spec), 12);
  });
});
