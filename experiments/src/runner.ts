/**
 * Run a sweep: expand it, skip what results/<sweep>/ already holds, run the rest on N executors, and write
 * each outcome as soon as it is known (atomically). Killing the process at any point loses only the runs in
 * flight, which have no file yet and run again next time; a run never gets two files (one id, one path).
 */
import { join, relative } from 'node:path';
import { repoRoot, writeJsonAtomic } from '@peftbench/util';
import type { PrepareFn, RunFn, RunProgress, RunSpec } from './run-types.ts';
import type { Sweep } from './sweep-load.ts';
import { expandSweep } from './sweep-expand.ts';
import { buildRecord, failedResult, gitInfo, type RunRecord } from './run-record.ts';
import { normalizeResult } from './normalize-result.ts';
import {
  acquireLock, removeStaleTempFiles, scanResults, writeRecord, SWEEP_META_FILE, type CorruptResult,
} from './results-store.ts';
import { ChildExecutor, InProcessExecutor, type Executor } from './executors.ts';

export interface RunSweepOptions {
  /** Folder holding one sub-folder per sweep (default: <repo>/results). */
  resultsRoot?: string;
  /** Runs in parallel (child processes unless runFn is given). Default 1. */
  workers?: number;
  /** Only the first N runs of the expansion (quick checks). */
  limit?: number;
  /** Run again the runs whose file says 'failed' (default true: failures are usually environment or bugs). */
  retryFailed?: boolean;
  /** Run in this process with this function instead of worker processes (test doubles). */
  runFn?: RunFn;
  /** With runFn: the prepare step to call in this process. */
  prepareFn?: PrepareFn;
  /** Start a new worker process for every run instead of reusing one per slot. */
  freshProcessPerRun?: boolean;
  onEvent?: (event: SweepEvent) => void;
  /** Aborting stops the sweep: runs in flight are dropped (not recorded) and run again next time. */
  signal?: AbortSignal;
}

export type SweepEvent =
  | { type: 'start'; sweep: string; dir: string; total: number; toRun: number; skipped: number; retrying: number; corrupt: CorruptResult[]; workers: number }
  | { type: 'prepare-start'; runs: number }
  | { type: 'prepare-progress'; progress: RunProgress }
  | { type: 'prepare-end'; seconds: number }
  | { type: 'run-start'; spec: RunSpec; slot: number }
  | { type: 'run-progress'; spec: RunSpec; slot: number; progress: RunProgress }
  | { type: 'run-end'; spec: RunSpec; slot: number; record: RunRecord; file: string }
  | { type: 'end'; summary: SweepSummary };

export interface SweepSummary {
  sweep: string;
  dir: string;
  total: number;
  skipped: number;
  ran: number;
  ok: number;
  diverged: number;
  failed: number;
  corrupt: CorruptResult[];
  interrupted: boolean;
  /** The newest record of every run of this expansion that has one (earlier invocations included). */
  records: RunRecord[];
}

/** The sweep's prepare step failed: no run can go on (e.g. pretraining crashed). */
export class PrepareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrepareError';
  }
}

export function sweepDir(resultsRoot: string, sweepName: string): string {
  return join(resultsRoot, sweepName);
}

/** Describes the sweep for the reports (aggregation rule, tables to build), rewritten on each invocation. */
export function writeSweepMeta(dir: string, sweep: Sweep, specs: RunSpec[]): void {
  writeJsonAtomic(join(dir, SWEEP_META_FILE), {
    format: 'peftbench-sweep/1',
    name: sweep.name,
    file: relative(repoRoot, sweep.file),
    description: sweep.description ?? null,
    family: sweep.family,
    model: sweep.model,
    data: sweep.data,
    protocol: sweep.protocol,
    tasks: sweep.tasks,
    methods: sweep.methods.map((m) => m.name),
    seeds: sweep.seeds,
    aggregation: sweep.aggregation,
    report: sweep.report,
    runs: specs.map((s) => s.id),
  });
}

export async function runSweep(sweep: Sweep, options: RunSweepOptions = {}): Promise<SweepSummary> {
  const resultsRoot = options.resultsRoot ?? join(repoRoot, 'results');
  const dir = sweepDir(resultsRoot, sweep.name);
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const emit = options.onEvent ?? (() => {});
  const retryFailed = options.retryFailed ?? true;

  let specs = expandSweep(sweep);
  if (options.limit !== undefined) specs = specs.slice(0, options.limit);

  const release = acquireLock(dir);
  const executors: Executor[] = [];
  try {
    removeStaleTempFiles(dir);
    writeSweepMeta(dir, sweep, specs);
    const { records: existing, corrupt } = scanResults(dir);
    const todo: RunSpec[] = [];
    let skipped = 0;
    let retrying = 0;
    for (const spec of specs) {
      const rec = existing.get(spec.id);
      if (rec && (rec.result.status !== 'failed' || !retryFailed)) skipped++;
      else {
        if (rec) retrying++;
        todo.push(spec);
      }
    }
    emit({ type: 'start', sweep: sweep.name, dir, total: specs.length, toRun: todo.length, skipped, retrying, corrupt, workers });

    const git = gitInfo();
    const finished = new Map<string, RunRecord>();
    for (const spec of specs) {
      const rec = existing.get(spec.id);
      if (rec) finished.set(spec.id, rec);
    }
    let ran = 0;
    let interrupted = false;
    const queue = [...todo];

    const makeExecutor = (): Executor => {
      const e = options.runFn ? new InProcessExecutor(options.runFn, options.prepareFn) : new ChildExecutor(sweep.run, { freshProcessPerRun: options.freshProcessPerRun });
      executors.push(e);
      return e;
    };
    const onAbort = () => {
      interrupted = true;
      for (const e of executors) e.close();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    // Shared work (pretraining, downloads) once, in slot 0's worker, before the runs fan out.
    let warm: Executor | null = null;
    if (todo.length > 0 && !interrupted) {
      warm = makeExecutor();
      emit({ type: 'prepare-start', runs: todo.length });
      const t0 = Date.now();
      const outcome = await warm.prepare(todo, (progress) => emit({ type: 'prepare-progress', progress }), join(dir, 'logs', '_prepare.log'));
      if (outcome.kind === 'error' && !interrupted) throw new PrepareError(`${sweep.name}: preparing the runs failed (nothing was run): ${outcome.message}`);
      emit({ type: 'prepare-end', seconds: (Date.now() - t0) / 1000 });
    }

    const slotLoop = async (slot: number) => {
      const executor = slot === 0 && warm ? warm : makeExecutor();
      for (let spec = queue.shift(); spec && !interrupted; spec = queue.shift()) {
        emit({ type: 'run-start', spec, slot });
        const startedAt = new Date();
        const current = spec;
        const outcome = await executor.execute(current, (progress) => emit({ type: 'run-progress', spec: current, slot, progress }), join(dir, 'logs', `${spec.id}.log`));
        if (interrupted) break; // the outcome of an interrupted run is not a result
        const finishedAt = new Date();
        const seconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
        const result = outcome.kind === 'result' ? normalizeResult(outcome.result, seconds) : failedResult(outcome.message, seconds);
        const record = buildRecord({ spec, result, git, startedAt, finishedAt });
        const file = writeRecord(dir, record);
        finished.set(spec.id, record);
        ran++;
        emit({ type: 'run-end', spec, slot, record, file });
      }
    };
    // A slot that throws (a result that cannot be written: disk full, read-only folder) stops the sweep like an
    // interrupt: the other slots' runs in flight are dropped, not recorded as failed (they run again next time).
    const guardedSlot = (i: number) => slotLoop(i).catch((err) => {
      interrupted = true;
      throw err;
    });
    await Promise.all(Array.from({ length: Math.min(workers, Math.max(1, todo.length)) }, (_, i) => guardedSlot(i)));
    options.signal?.removeEventListener('abort', onAbort);

    const records = specs.map((s) => finished.get(s.id)).filter((r): r is RunRecord => r !== undefined);
    const count = (status: string) => records.filter((r) => r.result.status === status).length;
    const summary: SweepSummary = {
      sweep: sweep.name, dir, total: specs.length, skipped, ran,
      ok: count('ok'), diverged: count('diverged'), failed: count('failed'), corrupt, interrupted, records,
    };
    emit({ type: 'end', summary });
    return summary;
  } finally {
    for (const e of executors) e.close();
    release();
  }
}
