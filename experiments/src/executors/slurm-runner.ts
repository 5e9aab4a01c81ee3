/**
 * The Slurm executor of the sweep runner. Same results folder, resume rules and result files as the local
 * runner (runner.ts); what differs is who runs the runs: the runs still to do become ONE `sbatch --array`
 * job (task i runs entry i of a run list written next to the results), and each array task writes its own
 * result file atomically (slurm-task.ts). The submitting process prepares once (pretraining, downloads),
 * submits, then follows the array job until it ends (unless detached); killing it loses nothing, since
 * every state lives in the results folder and in Slurm: the next invocation (or `peftbench sweep status`)
 * picks it up.
 *
 * Resume: a run is to do when it has no result, or a failed one (unless retryFailed is false), and is not
 * pending or running in an earlier submission. An array task that ended without writing its result
 * (cancelled, timed out, preempted, node failure, out of memory, killed) gets a failed record carrying the
 * Slurm state, and is submitted again next time.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, repoRoot, writeFileAtomic, writeJsonAtomic } from '@peftbench/util';
import { expandSweep } from '../sweep-expand.ts';
import type { Sweep } from '../sweep-load.ts';
import type { PrepareFn, RunSpec } from '../run-types.ts';
import { buildRecord, failedResult, gitInfo, type GitInfo, type RunRecord } from '../run-record.ts';
import { acquireLock, recordPath, removeStaleTempFiles, scanResults } from '../results-store.ts';
import { ChildExecutor } from '../executors.ts';
import { PrepareError, sweepDir, writeSweepMeta, type SweepEvent, type SweepSummary } from '../runner.ts';
import type { SlurmOptions } from './slurm-config.ts';
import { prepareScript, sbatchScript } from './slurm-script.ts';
import { CommandNotFoundError, isLive, SlurmCli, type JobStates, type Scheduler, type TaskState } from './slurm-scheduler.ts';

const MAX_QUERY_FAILURES = 30;
import {
  latestTasks, listSubmissions, logRelPath, newSubmissionId, readSlurmRecord, RUN_LIST_FORMAT, submissionDir,
  SUBMISSION_FORMAT, writeRecordIfAbsent, writeSubmission, type RunList, type SlurmRecord, type Submission,
} from './slurm-store.ts';

export const taskScript = fileURLToPath(new URL('./slurm-task.ts', import.meta.url));

export interface SlurmSweepOptions {
  /** Folder holding one sub-folder per sweep (default: <repo>/results). */
  resultsRoot?: string;
  limit?: number;
  /** Submit again the runs whose file says 'failed' (default true). */
  retryFailed?: boolean;
  slurm: SlurmOptions;
  /** Return right after submitting instead of following the array job until it ends. */
  detach?: boolean;
  /** How often to ask Slurm while following (default 10 s). */
  pollMs?: number;
  /** Default: the real commands (sbatch, squeue, sacct). */
  scheduler?: Scheduler;
  /** Prepare in this process (test doubles) instead of in a worker process. */
  prepareFn?: PrepareFn;
  onEvent?: (event: SweepEvent) => void;
  /** Lines for people: the submission, the job id, where the logs are. */
  onNote?: (line: string) => void;
  /** Aborting stops following; the array job keeps running (scancel it to stop it). */
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => (clearTimeout(t), resolve());
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** "<array job id>_<index>" of a submission's task, when the array job id is known. */
function taskKey(sub: Submission, index: number, states: JobStates): string | null {
  const id = sub.jobId ?? states.jobIds.get(sub.jobName) ?? null;
  return id ? `${id}_${index}` : null;
}

/** The run's file is this task's own outcome: a finished result, or a failure recorded for this very task. */
const ownRecord = (rec: SlurmRecord | null, key: string): boolean => rec !== null && (rec.result.status !== 'failed' || rec.slurm?.jobId === key);

const STATE_WORDS: Record<string, string> = {
  TIMEOUT: 'exceeded its time limit',
  CANCELLED: 'was cancelled',
  PREEMPTED: 'was preempted',
  NODE_FAIL: 'lost its node (NODE_FAIL)',
  OUT_OF_MEMORY: 'ran out of memory',
  BOOT_FAIL: 'could not boot its node',
  DEADLINE: 'passed its deadline',
  FAILED: 'exited with an error',
  COMPLETED: 'completed',
};

/**
 * Record Slurm's verdict for an array task that ended without writing its own result. Never overwrites a
 * finished result; replaces a failed record of an older submission. Returns the record now in the file.
 */
function recordSlurmVerdict(dir: string, spec: RunSpec, sub: Submission, index: number, key: string, state: TaskState | undefined, git: GitInfo): SlurmRecord {
  const [arrayJobId] = key.split('_');
  const log = logRelPath(arrayJobId, index);
  const name = state?.state ?? 'UNKNOWN';
  const what = state ? STATE_WORDS[name] ?? `ended in state ${name}` : 'is no longer known to Slurm (purged, and no sacct)';
  const prep = sub.prepareJobId && name === 'CANCELLED' ? ` — did prepare job ${sub.prepareJobId} fail? logs/slurm-${sub.prepareJobId}-prepare.log` : '';
  // first line the same for every task that ended the same way (the CLI groups failures by it)
  const message = `the Slurm array task ${what}${state?.reason ? ` (${state.reason})` : ''}${state?.exitCode && state.exitCode !== '0:0' ? ` [exit ${state.exitCode}]` : ''} without writing a result${prep}\narray task ${key}, log: ${log}`;
  const record: SlurmRecord = {
    ...buildRecord({ spec, result: failedResult(message, 0), git, startedAt: new Date(sub.submittedAt), finishedAt: new Date() }),
    slurm: { submission: sub.id, jobId: key, arrayJobId, task: index, state: name, log, node: state?.node ?? null },
  };
  if (writeRecordIfAbsent(dir, record)) return record;
  const now = readSlurmRecord(dir, spec.id);
  if (now && (now.result.status !== 'failed' || now.slurm?.jobId === key)) return now;
  writeJsonAtomic(recordPath(dir, spec.id), record); // an older failed record (the task that wrote it has ended)
  return record;
}

interface Plan {
  /** Runs pending or running in an earlier submission: run id → its task. */
  inFlight: Map<string, { sub: Submission; index: number }>;
  /** Ended tasks without their own result (recorded as failed when `write`). */
  settled: SlurmRecord[];
  states: JobStates;
}

/** Look at the earlier submissions of this results folder and ask Slurm about their unfinished runs. */
function survey(dir: string, specs: RunSpec[], scheduler: Scheduler, write: boolean, git: GitInfo): Plan {
  const byId = new Map(specs.map((s) => [s.id, s]));
  const subs = listSubmissions(dir);
  const latest = [...latestTasks(subs)].filter(([id]) => byId.has(id));
  const open = latest.filter(([id, t]) => {
    const rec = readSlurmRecord(dir, id);
    return !rec || (rec.result.status === 'failed' && rec.slurm?.submission !== t.sub.id);
  });
  const refs = [...new Set(open.map(([, t]) => t.sub))].map((s) => ({ name: s.jobName, jobId: s.jobId, submittedAt: s.submittedAt, runs: s.runs.length }));
  const states = refs.length ? scheduler.states(refs) : { jobIds: new Map(), tasks: new Map(), notes: [] };
  const plan: Plan = { inFlight: new Map(), settled: [], states };
  for (const [id, t] of open) {
    const key = taskKey(t.sub, t.index, states);
    if (!key) continue; // Slurm never took this submission (killed between writing it down and sbatch): to do
    const state = states.tasks.get(key);
    if (isLive(state)) {
      plan.inFlight.set(id, t);
      continue;
    }
    const rec = readSlurmRecord(dir, id);
    if (ownRecord(rec, key)) continue;
    if (write) plan.settled.push(recordSlurmVerdict(dir, byId.get(id)!, t.sub, t.index, key, state, git));
  }
  return plan;
}

function todoOf(dir: string, specs: RunSpec[], plan: Plan, retryFailed: boolean) {
  const { records: existing, corrupt } = scanResults(dir);
  const todo: RunSpec[] = [];
  let skipped = 0;
  let retrying = 0;
  for (const spec of specs) {
    if (plan.inFlight.has(spec.id)) continue;
    const rec = existing.get(spec.id);
    if (rec && (rec.result.status !== 'failed' || !retryFailed)) skipped++;
    else {
      if (rec) retrying++;
      todo.push(spec);
    }
  }
  return { todo, skipped, retrying, corrupt, existing };
}

function scriptInput(dir: string, sweep: Sweep, subId: string, slurm: SlurmOptions) {
  return { jobName: jobNameFor(sweep, subId), submissionDir: submissionDir(dir, subId), logDir: join(dir, 'logs'), repoRoot, nodeBinary: process.execPath, taskScript, slurm };
}

function scriptFor(dir: string, sweep: Sweep, subId: string, runs: number, slurm: SlurmOptions, afterJob?: string): string {
  return sbatchScript({ ...scriptInput(dir, sweep, subId, slurm), runs, afterJob });
}

/** The prepare step runs as a Slurm job (prepare: job) when the sweep has one. */
const prepareAsJob = (sweep: Sweep, slurm: SlurmOptions) => slurm.prepare === 'job' && Boolean(sweep.run.prepareExport);

const jobNameFor = (sweep: Sweep, subId: string) => `pb-${sweep.name.slice(0, 60)}-${subId}`;

/** Write the run list, the script(s) and the submission record, then sbatch (the prepare job first, with prepare: job). */
function submit(dir: string, sweep: Sweep, todo: RunSpec[], slurm: SlurmOptions, scheduler: Scheduler): Submission {
  const id = newSubmissionId();
  const subDir = submissionDir(dir, id);
  mkdirSync(subDir, { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const list: RunList = { format: RUN_LIST_FORMAT, sweep: sweep.name, run: { module: sweep.run.module, exportName: sweep.run.exportName, prepareExport: sweep.run.prepareExport }, specs: todo };
  writeJsonAtomic(join(subDir, 'runs.json'), list);
  let sub: Submission = {
    format: SUBMISSION_FORMAT, id, sweep: sweep.name, jobName: jobNameFor(sweep, id), jobId: null,
    submittedAt: new Date().toISOString(), runs: todo.map((s) => s.id), requeue: slurm.requeue, prepareJobId: null,
  };
  writeSubmission(dir, sub); // before sbatch: a submitter killed right after sbatch is found by job name
  let jobId: string;
  try {
    if (prepareAsJob(sweep, slurm)) {
      writeFileAtomic(join(subDir, 'prepare.sbatch'), prepareScript(scriptInput(dir, sweep, id, slurm)));
      sub = { ...sub, prepareJobId: scheduler.submit(join(subDir, 'prepare.sbatch')) };
      writeSubmission(dir, sub);
    }
    writeFileAtomic(join(subDir, 'job.sbatch'), scriptFor(dir, sweep, id, todo.length, slurm, sub.prepareJobId ?? undefined));
    jobId = scheduler.submit(join(subDir, 'job.sbatch'));
  } catch (err) {
    if (sub.prepareJobId) {
      try {
        scheduler.cancel(sub.prepareJobId);
      } catch {
        // it fails alone: nothing depends on it
      }
    }
    rmSync(subDir, { recursive: true, force: true });
    throw err;
  }
  const done = { ...sub, jobId };
  writeSubmission(dir, done);
  return done;
}

export async function runSweepOnSlurm(sweep: Sweep, options: SlurmSweepOptions): Promise<SweepSummary> {
  const resultsRoot = options.resultsRoot ?? join(repoRoot, 'results');
  const dir = sweepDir(resultsRoot, sweep.name);
  const emit = options.onEvent ?? (() => {});
  const note = options.onNote ?? (() => {});
  const scheduler = options.scheduler ?? new SlurmCli();
  const retryFailed = options.retryFailed ?? true;
  const pollMs = options.pollMs ?? 10_000;
  let specs = expandSweep(sweep);
  if (options.limit !== undefined) specs = specs.slice(0, options.limit);
  const byId = new Map(specs.map((s) => [s.id, s]));
  const git = gitInfo();

  const release = acquireLock(dir);
  try {
    const plan = survey(dir, specs, scheduler, true, git);
    // temp files of a killed writer; not while array tasks may be writing theirs
    if (plan.inFlight.size === 0) removeStaleTempFiles(dir);
    writeSweepMeta(dir, sweep, specs);
    for (const r of plan.settled) note(`recorded ${r.id} as failed: ${r.result.message}`);
    const { todo, skipped, retrying, corrupt } = todoOf(dir, specs, plan, retryFailed);
    if (todo.length > 0) scheduler.check?.(); // "sbatch not found" before anything is prepared
    const concurrency = Math.min(options.slurm.maxConcurrent ?? todo.length + plan.inFlight.size, todo.length + plan.inFlight.size);
    emit({ type: 'start', sweep: sweep.name, dir, total: specs.length, toRun: todo.length + plan.inFlight.size, skipped, retrying, corrupt, workers: Math.max(1, concurrency) });
    if (plan.inFlight.size) note(`${plan.inFlight.size} run(s) still pending or running in earlier submissions (${[...new Set([...plan.inFlight.values()].map((t) => t.sub.jobId ?? t.sub.jobName))].join(', ')}): not submitted again`);

    const tracked = new Map(plan.inFlight);
    let interrupted = Boolean(options.signal?.aborted);
    if (todo.length > 0 && !interrupted) {
      emit({ type: 'prepare-start', runs: todo.length });
      const t0 = Date.now();
      let failure: string | null = null;
      if (options.prepareFn) {
        try {
          await options.prepareFn(todo, (progress) => emit({ type: 'prepare-progress', progress }));
        } catch (err) {
          failure = err instanceof Error ? err.message : String(err);
        }
      } else if (sweep.run.prepareExport && !prepareAsJob(sweep, options.slurm)) {
        const child = new ChildExecutor(sweep.run);
        const abort = () => child.close();
        options.signal?.addEventListener('abort', abort, { once: true });
        try {
          const outcome = await child.prepare(todo, (progress) => emit({ type: 'prepare-progress', progress }), join(dir, 'logs', '_prepare.log'));
          if (outcome.kind === 'error') failure = outcome.message;
        } finally {
          options.signal?.removeEventListener('abort', abort);
          child.close();
        }
      }
      interrupted = Boolean(options.signal?.aborted);
      if (failure !== null && !interrupted) throw new PrepareError(`${sweep.name}: preparing the runs failed (nothing was submitted): ${failure}`);
      emit({ type: 'prepare-end', seconds: (Date.now() - t0) / 1000 });
      if (!interrupted) {
        const sub = submit(dir, sweep, todo, options.slurm, scheduler);
        if (sub.prepareJobId) note(`submitted the prepare step as Slurm job ${sub.prepareJobId}; the array waits for it (log: ${join(dir, 'logs', `slurm-${sub.prepareJobId}-prepare.log`)})`);
        note(`submitted ${todo.length} run(s) as Slurm array job ${sub.jobId} (${sub.jobName}); logs: ${join(dir, 'logs', `slurm-${sub.jobId}_<task>.log`)}`);
        sub.runs.forEach((id, index) => tracked.set(id, { sub, index }));
      }
    }

    let ran = 0;
    if (!options.detach && !interrupted && tracked.size > 0) {
      ran = await follow(dir, byId, tracked, scheduler, pollMs, git, emit, note, options.signal);
      interrupted = Boolean(options.signal?.aborted);
    } else if (tracked.size > 0 && !interrupted) {
      note(`not following the array job (detached): \`peftbench sweep status ${dir}\` shows its progress; run the same command again to record what ended and resubmit failures`);
    }
    if (interrupted && tracked.size > 0) note(`stopped following; the array job keeps running (scancel it to stop it). \`peftbench sweep status ${dir}\` shows where it is.`);

    const { records } = scanResults(dir);
    const finished = specs.map((s) => records.get(s.id)).filter((r): r is RunRecord => r !== undefined);
    const count = (status: string) => finished.filter((r) => r.result.status === status).length;
    const summary: SweepSummary = {
      sweep: sweep.name, dir, total: specs.length, skipped, ran,
      ok: count('ok'), diverged: count('diverged'), failed: count('failed'), corrupt, interrupted: interrupted || (Boolean(options.detach) && tracked.size > 0), records: finished,
    };
    emit({ type: 'end', summary });
    return summary;
  } finally {
    release();
  }
}

/** Poll Slurm and the result files until every tracked run has ended; returns how many ended. */
async function follow(
  dir: string, byId: Map<string, RunSpec>, tracked: Map<string, { sub: Submission; index: number }>, scheduler: Scheduler,
  pollMs: number, git: GitInfo, emit: (e: SweepEvent) => void, note: (line: string) => void, signal?: AbortSignal,
): Promise<number> {
  const slots = new Map<string, number>();
  const slotOf = (id: string) => {
    if (!slots.has(id)) slots.set(id, slots.size);
    return slots.get(id)!;
  };
  const started = new Set<string>();
  const unknownPolls = new Map<string, number>();
  let ended = 0;
  let failures = 0;
  while (tracked.size > 0 && !signal?.aborted) {
    await sleep(pollMs, signal);
    if (signal?.aborted) break;
    const refs = [...new Set([...tracked.values()].map((t) => t.sub))].map((s) => ({ name: s.jobName, jobId: s.jobId, submittedAt: s.submittedAt, runs: s.runs.length }));
    let states: JobStates;
    try {
      states = scheduler.states(refs); // before reading files: a task seen ended has written all it will
      failures = 0;
    } catch (err) {
      // slurmctld busy or restarting: ask again; after ~30 failed polls in a row give up following
      if (!(err instanceof InputError) || err instanceof CommandNotFoundError || ++failures >= MAX_QUERY_FAILURES) throw err;
      note(`asking Slurm failed (${failures}/${MAX_QUERY_FAILURES}), trying again: ${err.message.split('\n')[0]}`);
      continue;
    }
    for (const [id, t] of [...tracked]) {
      const spec = byId.get(id)!;
      const key = taskKey(t.sub, t.index, states);
      const state = key ? states.tasks.get(key) : undefined;
      if (isLive(state)) {
        if (state!.state !== 'PENDING' && !started.has(id)) {
          started.add(id);
          emit({ type: 'run-start', spec, slot: slotOf(id) });
        }
        continue;
      }
      let rec = readSlurmRecord(dir, id);
      if (!key || !ownRecord(rec, key)) {
        // Slurm answers for a job it has just accepted at once; give an unknown one a few polls anyway
        if (!state && (unknownPolls.get(id) ?? 0) < 3) {
          unknownPolls.set(id, (unknownPolls.get(id) ?? 0) + 1);
          continue;
        }
        rec = recordSlurmVerdict(dir, spec, t.sub, t.index, key ?? `${t.sub.jobId ?? '?'}_${t.index}`, state, git);
      }
      if (!started.has(id)) emit({ type: 'run-start', spec, slot: slotOf(id) });
      tracked.delete(id);
      ended++;
      emit({ type: 'run-end', spec, slot: slotOf(id), record: rec!, file: recordPath(dir, id) });
    }
  }
  return ended;
}

/** What `--dry-run` prints: the sbatch script and the run list of the submission a real invocation would make. */
export function slurmDryRun(sweep: Sweep, options: Pick<SlurmSweepOptions, 'resultsRoot' | 'limit' | 'retryFailed' | 'slurm' | 'scheduler'>): { text: string; todo: RunSpec[]; script: string | null } {
  const resultsRoot = options.resultsRoot ?? join(repoRoot, 'results');
  const dir = sweepDir(resultsRoot, sweep.name);
  let specs = expandSweep(sweep);
  if (options.limit !== undefined) specs = specs.slice(0, options.limit);
  const notes: string[] = [];
  let plan: Plan = { inFlight: new Map(), settled: [], states: { jobIds: new Map(), tasks: new Map(), notes: [] } };
  try {
    plan = survey(dir, specs, options.scheduler ?? new SlurmCli(), false, gitInfo());
  } catch (err) {
    notes.push(`could not ask Slurm about earlier submissions (${(err as Error).message.split('\n')[0]}); their unfinished runs are listed as to do`);
  }
  const { todo, skipped } = todoOf(dir, specs, plan, options.retryFailed ?? true);
  const subId = '<submission>';
  const asJob = prepareAsJob(sweep, options.slurm);
  const script = todo.length ? scriptFor(dir, sweep, subId, todo.length, options.slurm, asJob ? '<prepare job id>' : undefined) : null;
  const lines = [
    `# dry run: nothing is prepared, written or submitted`,
    `# sweep ${sweep.name}: ${specs.length} runs, ${skipped} have results, ${plan.inFlight.size} pending/running in earlier submissions, ${todo.length} to submit`,
    `# results: ${dir}`,
    ...notes.map((n) => `# note: ${n}`),
  ];
  if (script) {
    if (asJob) lines.push(`# ---- ${join(submissionDir(dir, subId), 'prepare.sbatch')} (submitted first) ----`, prepareScript(scriptInput(dir, sweep, subId, options.slurm)).trimEnd());
    lines.push(`# ---- ${join(submissionDir(dir, subId), 'job.sbatch')} ----`, script.trimEnd());
    lines.push(`# ---- run list: ${join(submissionDir(dir, subId), 'runs.json')} (array task → run) ----`);
    todo.forEach((s, i) => lines.push(`${String(i).padStart(5)}  ${s.id}  ${s.task} ${s.method} seed ${s.seed}`));
  } else lines.push('# nothing to submit');
  return { text: lines.join('\n') + '\n', todo, script };
}
