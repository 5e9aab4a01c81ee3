/**
 * Fault injection on a real sweep process (experiments CLI, 2 worker processes, the deterministic fake run with
 * small sleeps, a prepare step that takes 1.5 s):
 * - SIGKILL of the parent at 12 seeded random moments, 3 in each phase: while preparing, mid-run (after k results),
 *   between the last result write and the report, while the report is written. After each kill the worker
 *   processes must exit by themselves; every result file already there must be final; a re-run of the same
 *   command must finish, start no run that already had a result, and leave result files equal to an
 *   uninterrupted run's byte for byte (outside the fields that are legitimately time- or checkout-dependent, see
 *   `normalise`), the same _sweep.json, the same report tables (outside the "Code: git ..." line), no temp file.
 * - SIGKILL of one worker mid-run: its run is recorded as failed, the sweep goes on; the re-run retries it.
 * - A results folder on a full disk (a 28 KiB tmpfs) and a read-only one (a read-only bind mount): one clear
 *   line and exit 1, nothing already written lost or changed; once writable again, the re-run completes.
 *   Both need mount (root); without it they skip with the reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, Rng } from '@peftbench/util';
import { experimentsCli, tempDir } from './sweep-helpers.ts';
import { expectNoStack, pool, runTs } from './bad-input/harness.ts';

const RUNS = 8;
const fakeModule = fileURLToPath(new URL('./fault-injection/slow-fake.ts', import.meta.url));
const root = tempDir('fault');
const sweepFile = join(root, 'fi.yaml');
writeFileSync(sweepFile, `name: fi
family: glue
model: pretrain:tiny-roberta
data: demo
protocol: dev
tasks: [rte, mrpc]
seeds: [1, 2]
hyper: {learningRate: 1.0e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0.06, weightDecay: 0}
methods:
  - name: lora
    config: {r: 4, fakeSleepMs: 150}
  - name: red
    config: {fakeSleepMs: 150}
runModule: ${fakeModule}#fakeRun
prepareExport: slowPrepare
`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const resultFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_') && !f.startsWith('.')).sort() : []);
const args = (d: string) => ['glue', '--sweep', sweepFile, '--results', join(d, 'results'), '--reports', join(d, 'reports'), '--workers', '2'];

/**
 * A result file with the fields that differ between two correct runs of the same spec blanked:
 * startedAt / finishedAt / runnerWallSeconds (wall clock) and git (the checkout's commit and dirty flag, which
 * other commits change while the suite runs). Everything else — the spec, id, status, metrics, evals, best,
 * trainable parameters, backend, result.wallSeconds (the fake's is computed, not measured), environment (same
 * host) — must match byte for byte, formatting included.
 */
export function normalise(text: string): string {
  return text
    .replace(/"(startedAt|finishedAt)": "[^"]*"/g, '"$1": "<time>"')
    .replace(/"runnerWallSeconds": [0-9.e+-]+/g, '"runnerWallSeconds": "<seconds>"')
    .replace(/"git": \{[^}]*\}/g, '"git": "<checkout>"');
}
/** A report table without its "Code: git <commit>" line (the checkout, as above). */
const reportText = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => !l.includes('**Code:**')).join('\n');

function tempFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tempFiles(p));
    else if (name.endsWith('.tmp') || /\.tmp\b/.test(name)) out.push(p);
  }
  return out;
}

function start(d: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', experimentsCli, ...args(d)], {
    cwd: repoRoot, env: { ...process.env, PEFTBENCH_WASM_THREADS: '1', FORCE_COLOR: '0', ...env }, stdio: 'ignore', detached: true,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
  return { child, exited };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Pids whose parent is `ppid` (from /proc). */
function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
/** Every process of the group `pgid` (the parent and its workers; spawn(detached) made one). */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

interface Reference {
  results: Map<string, string>;
  sweepMeta: string;
  reports: Map<string, string>;
}
let ref: Reference;

/** The final state of a results / reports pair must be the reference's. */
function expectLikeReference(d: string, label: string): void {
  const out = join(d, 'results', 'fi');
  expect(resultFiles(out), `${label}: one result file per run, nothing extra`).toEqual([...ref.results.keys()]);
  for (const f of resultFiles(out)) expect(normalise(readFileSync(join(out, f), 'utf8')), `${label}: ${f}`).toBe(ref.results.get(f));
  expect(readFileSync(join(out, '_sweep.json'), 'utf8'), `${label}: _sweep.json`).toBe(ref.sweepMeta);
  const reports = join(d, 'reports');
  for (const [name, text] of ref.reports) expect(reportText(join(reports, name)), `${label}: ${name}`).toBe(text);
  expect(tempFiles(join(d, 'results')).concat(tempFiles(reports)), `${label}: no temp files`).toEqual([]);
  expect(existsSync(join(out, '.lock')), `${label}: lock released`).toBe(false);
}

beforeAll(async () => {
  const d = join(root, 'reference');
  const r = await runTs(experimentsCli, args(d));
  expect(r.status, r.stderr).toBe(0);
  const out = join(d, 'results', 'fi');
  const files = resultFiles(out);
  expect(files.length).toBe(RUNS);
  const reportFiles = readdirSync(join(d, 'reports')).filter((f) => f.endsWith('.md') || f.endsWith('.csv')).sort();
  expect(reportFiles.length).toBeGreaterThanOrEqual(2);
  ref = {
    results: new Map(files.map((f) => [f, normalise(readFileSync(join(out, f), 'utf8'))])),
    sweepMeta: readFileSync(join(out, '_sweep.json'), 'utf8'),
    reports: new Map(reportFiles.map((f) => [f, reportText(join(d, 'reports', f))])),
  };
  // the normalisation blanks only what it says: a record differs from another run's in nothing else
  expect([...ref.results.values()].every((t) => t.includes('"status": "ok"') && t.includes('"<time>"'))).toBe(true);
}, 300_000);

type Phase = 'prepare' | 'mid-run' | 'after-results' | 'report';

interface KillOutcome {
  phase: Phase;
  delayMs: number;
  killedAlive: boolean;
  resultsAtKill: number;
  reportsAtKill: number;
  landed: string;
}

async function killAndResume(i: number, phase: Phase, rng: Rng): Promise<KillOutcome> {
  const d = join(root, `kill-${i}-${phase}`);
  mkdirSync(d, { recursive: true });
  const log = join(d, 'started.log');
  const out = join(d, 'results', 'fi');
  const reports = join(d, 'reports');
  const { child, exited } = start(d, { FAKE_RUN_LOG: log });
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + 180_000;
  const until = async (cond: () => boolean) => {
    while (!cond()) {
      if (done || Date.now() > deadline) return false;
      await sleep(5);
    }
    return true;
  };
  const logText = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
  let delayMs = 0;
  if (phase === 'prepare') {
    await until(() => logText().includes('prepare '));
    delayMs = Math.floor(rng.next() * 1000); // prepare takes 1.5 s
  } else if (phase === 'mid-run') {
    const k = 1 + rng.int(RUNS - 2);
    await until(() => resultFiles(out).length >= k);
    delayMs = Math.floor(rng.next() * 300);
  } else if (phase === 'after-results') {
    await until(() => resultFiles(out).length >= RUNS);
    delayMs = Math.floor(rng.next() * 15);
  } else {
    await until(() => existsSync(reports) && readdirSync(reports).length > 0);
    delayMs = Math.floor(rng.next() * 60);
  }
  if (delayMs) await sleep(delayMs);
  const killedAlive = !done;
  if (killedAlive) process.kill(child.pid!, 'SIGKILL');
  const { signal } = await exited;
  // the workers notice the lost parent and exit by themselves (no orphan keeps computing)
  const gone = await (async () => {
    for (const t0 = Date.now(); Date.now() - t0 < 15_000; await sleep(50)) if (groupMembers(child.pid!).length === 0) return true;
    return false;
  })();
  for (const pid of groupMembers(child.pid!)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  expect(gone, `kill ${i} (${phase}): workers exit after their parent is killed`).toBe(true);
  if (killedAlive) expect(signal).toBe('SIGKILL');

  const before = resultFiles(out);
  const reportsAtKill = existsSync(reports) ? readdirSync(reports).length : 0;
  const reportFilesAt = (dir: string) => `${readdirSync(dir).filter((f) => /\.(md|csv)$/.test(f)).length}/${ref.reports.size} tables, chart ${existsSync(join(dir, 'fi.png')) ? 'written' : 'not yet'}`;
  // what a kill leaves is final: every result file present is the reference's
  for (const f of before) expect(normalise(readFileSync(join(out, f), 'utf8')), `kill ${i} (${phase}) left ${f}`).toBe(ref.results.get(f));
  const landed = !killedAlive ? 'after exit (not counted)'
    : before.length === 0 ? (logText().includes('prepare ') ? 'preparing' : 'starting')
      : before.length < RUNS ? `mid-run (${before.length}/${RUNS} results)`
        : reportsAtKill === 0 ? 'after the last result, before the report'
          : `writing the report (${reportFilesAt(reports)})`;
  const startedBefore = logText().split('\n').filter(Boolean).length;

  const r = await runTs(experimentsCli, args(d), { env: { FAKE_RUN_LOG: log } });
  expect(r.status, `resume after kill ${i} (${phase}): ${r.stderr}`).toBe(0);
  expectLikeReference(d, `kill ${i} (${phase}, ${landed})`);
  // nothing run twice after a result existed: the re-run started only runs without a result
  const startedAfter = logText().split('\n').filter(Boolean).slice(startedBefore).filter((l) => !l.startsWith('prepare'));
  for (const f of before) expect(startedAfter, `kill ${i}: ${f} was finished and must not run again`).not.toContain(f.slice(0, -5));
  expect(startedAfter.length).toBe(RUNS - before.length);
  return { phase, delayMs, killedAlive, resultsAtKill: before.length, reportsAtKill, landed };
}

describe('fault injection: SIGKILL of a running sweep, then resume', () => {
  test('12 seeded kills of the parent (3 per phase) leave nothing lost, duplicated or corrupted', async () => {
    const rng = new Rng(20261207);
    const phases: Phase[] = ['prepare', 'mid-run', 'after-results', 'report'];
    const plan = Array.from({ length: 12 }, (_, i) => ({ i, phase: phases[i % 4], rng: new Rng(rng.int(1 << 30)) }));
    const outcomes = await pool(plan, 4, (p) => killAndResume(p.i, p.phase, p.rng));
    console.log(`kills (seed 20261207):\n${outcomes.map((o, i) => `  ${i}: ${o.phase} +${o.delayMs} ms → landed ${o.landed}`).join('\n')}`);
    const counted = outcomes.filter((o) => o.killedAlive);
    expect(counted.length).toBeGreaterThanOrEqual(10);
    // the kills covered every phase of a sweep's life
    expect(counted.some((o) => o.landed === 'preparing')).toBe(true);
    expect(counted.some((o) => o.landed.startsWith('mid-run'))).toBe(true);
    expect(counted.some((o) => o.landed === 'after the last result, before the report' || o.landed.startsWith('writing the report'))).toBe(true);
  }, 900_000);

  test('SIGKILL of one worker mid-run: that run is recorded failed, the others finish; the re-run retries it', async () => {
    const d = join(root, 'worker-kill');
    const out = join(d, 'results', 'fi');
    const { child, exited } = start(d);
    for (const t0 = Date.now(); resultFiles(out).length < 1; await sleep(10)) if (Date.now() - t0 > 180_000) throw new Error('no result within 180 s');
    const workers = childrenOf(child.pid!);
    expect(workers.length).toBeGreaterThanOrEqual(1);
    process.kill(workers[0], 'SIGKILL');
    const { code } = await exited;
    expect(code).toBe(1); // a failed run: exit 1, "re-run to retry"
    const records = resultFiles(out).map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')));
    expect(records.length).toBe(RUNS);
    const failed = records.filter((r) => r.result.status === 'failed');
    expect(failed.length).toBe(1);
    expect(failed[0].result.message).toMatch(/worker process exited \(code null, signal SIGKILL\)/);
    for (const f of resultFiles(out)) {
      const text = readFileSync(join(out, f), 'utf8');
      if (!text.includes('"status": "failed"')) expect(normalise(text)).toBe(ref.results.get(f));
    }
    const r = await runTs(experimentsCli, args(d));
    expect(r.status, r.stderr).toBe(0);
    expectLikeReference(d, 'worker kill');
  }, 600_000);
});

// ---------------------------------------------------------------------------------------------------------
// full disk and read-only results folders

const mountOk = (() => {
  if (process.platform !== 'linux') return 'not Linux';
  const probe = tempDir('mount-probe');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `mount is not allowed here (${(r.stderr || r.error?.message || '').trim().split('\n')[0]})`;
  spawnSync('umount', [probe]);
  return null;
})();
if (mountOk) console.log(`fault injection: full-disk and read-only cases skipped: ${mountOk}`);

describe.skipIf(mountOk !== null)('fault injection: results folder on a full disk, and read-only', () => {
  const mounted: string[] = [];
  afterAll(() => {
    for (const m of mounted.reverse()) spawnSync('umount', [m]);
  });
  const mount = (...a: string[]) => {
    const r = spawnSync('mount', a, { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  };

  test('a full disk mid-sweep: one clear line, exit 1, every written result intact; with space again the re-run completes', async () => {
    const d = join(root, 'full-disk');
    const results = join(d, 'results');
    mkdirSync(results, { recursive: true });
    // 7 pages of 4 KiB: _sweep.json, the lock, a temp file, logs/ and a few result files fit, then ENOSPC
    mount('-t', 'tmpfs', '-o', 'size=28k', 'tmpfs', results);
    mounted.push(results);
    const r = await runTs(experimentsCli, args(d));
    expect(r.status).toBe(1);
    expectNoStack(r.stderr);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length, r.stderr).toBe(1);
    expect(lines[0]).toMatch(/ENOSPC/);
    expect(lines[0]).toContain(results);
    expect(lines[0]).toMatch(/disk full/);
    const out = join(results, 'fi');
    const written = resultFiles(out);
    expect(written.length).toBeLessThan(RUNS);
    for (const f of written) expect(normalise(readFileSync(join(out, f), 'utf8')), f).toBe(ref.results.get(f));
    expect(tempFiles(results)).toEqual([]);
    const kept = new Map(written.map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    mount('-o', 'remount,size=4m', results);
    const again = await runTs(experimentsCli, args(d));
    expect(again.status, again.stderr).toBe(0);
    for (const [f, text] of kept) expect(readFileSync(join(out, f), 'utf8'), `${f} kept as written`).toBe(text);
    expectLikeReference(d, 'full disk');
  }, 600_000);

  test('a read-only results folder: one clear line, exit 1, nothing changed; writable again, the re-run completes', async () => {
    const d = join(root, 'read-only');
    const results = join(d, 'results');
    const out = join(results, 'fi');
    // a partial sweep first: kill after 3 results
    const { child, exited } = start(d);
    for (const t0 = Date.now(); resultFiles(out).length < 3; await sleep(10)) if (Date.now() - t0 > 180_000) throw new Error('no results within 180 s');
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    await sleep(300);
    const before = new Map(readdirSync(out).filter((f) => !statSync(join(out, f)).isDirectory()).map((f) => [f, readFileSync(join(out, f))]));
    mount('--bind', results, results);
    mounted.push(results);
    mount('-o', 'remount,ro,bind', results);
    const r = await runTs(experimentsCli, args(d));
    expect(r.status).toBe(1);
    expectNoStack(r.stderr);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length, r.stderr).toBe(1);
    expect(lines[0]).toMatch(/EROFS/);
    expect(lines[0]).toContain(out);
    expect(lines[0]).toMatch(/not writable/);
    const after = new Map(readdirSync(out).filter((f) => !statSync(join(out, f)).isDirectory()).map((f) => [f, readFileSync(join(out, f))]));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [f, bytes] of before) expect(Buffer.compare(after.get(f)!, bytes), f).toBe(0);
    spawnSync('umount', [results]);
    mounted.pop();
    const again = await runTs(experimentsCli, args(d));
    expect(again.status, again.stderr).toBe(0);
    expectLikeReference(d, 'read-only');
  }, 600_000);
});
