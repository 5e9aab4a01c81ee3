/**
 * The Slurm commands the executor uses, behind a small interface (tests of the bookkeeping use a double):
 * `sbatch --parsable` to submit, `squeue -r -t all` for live and recently finished array tasks, `sacct` for
 * older ones where the cluster keeps accounting. A missing command is an InputError ("sbatch not found"),
 * never a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { InputError } from '@peftbench/util';

export interface TaskState {
  /** Slurm's state name: PENDING RUNNING COMPLETING COMPLETED FAILED CANCELLED TIMEOUT PREEMPTED NODE_FAIL OUT_OF_MEMORY ... */
  state: string;
  reason?: string;
  node?: string;
  exitCode?: string;
  source: 'squeue' | 'sacct' | 'inferred';
}

export interface JobRef {
  /** The submission's unique job name (pb-<submission id>). */
  name: string;
  /** Array job id when the submitter recorded it (null: killed between sbatch and writing it down). */
  jobId: string | null;
  /** ISO time, lower bound for sacct. */
  submittedAt: string;
  /** Array size. */
  runs: number;
}

export interface JobStates {
  /** Array job id per job name, where Slurm knows the job. */
  jobIds: Map<string, string>;
  /** "<arrayJobId>_<task>" → state. */
  tasks: Map<string, TaskState>;
  /** What could not be asked (e.g. "sacct: accounting storage is disabled"), for status output. */
  notes: string[];
}

export interface Scheduler {
  /** Throws CommandNotFoundError when Slurm cannot be used (called before any preparation). */
  check?(): void;
  submit(scriptFile: string): string;
  states(jobs: JobRef[]): JobStates;
  cancel(jobId: string): void;
}

/** States in which an array task may still write its result. */
export const LIVE_STATES = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESIZING', 'SUSPENDED', 'STOPPED', 'SIGNALING', 'STAGE_OUT', 'RESV_DEL_HOLD']);

export const isLive = (s: TaskState | undefined): boolean => s !== undefined && LIVE_STATES.has(s.state);

export class CommandNotFoundError extends InputError {
  constructor(readonly command: string) {
    super(`${command} not found: install Slurm's client commands (slurm-client) or put them on PATH, or use --executor local`);
    this.name = 'CommandNotFoundError';
  }
}

function run(command: string, args: string[], what: string): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string; status?: number };
    if (e.code === 'ENOENT') throw new CommandNotFoundError(command);
    const detail = (e.stderr ?? '').trim().split('\n').pop() || e.message.split('\n')[0];
    throw new InputError(`${what}: ${command} failed${e.status !== undefined && e.status !== null ? ` (exit ${e.status})` : ''}: ${detail}`);
  }
}

/** "12_[1-3,5%2]" / "12_4" / "12" → task keys ("12_1"...); non-array ids give []. */
export function expandArrayId(id: string): { arrayJobId: string; tasks: number[] } | null {
  const m = /^(\d+)_(\d+)$/.exec(id);
  if (m) return { arrayJobId: m[1], tasks: [Number(m[2])] };
  const r = /^(\d+)_\[([^\]]+)\]$/.exec(id);
  if (!r) return null;
  const tasks: number[] = [];
  for (const part of r[2].split('%')[0].split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (Number.isInteger(a)) for (let i = a; i <= (Number.isInteger(b) ? b : a); i++) tasks.push(i);
  }
  return { arrayJobId: r[1], tasks };
}

function sacctTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() - 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export class SlurmCli implements Scheduler {
  check(): void {
    run('sbatch', ['--version'], 'sbatch --version');
  }

  submit(scriptFile: string): string {
    const out = run('sbatch', ['--parsable', scriptFile], `sbatch ${scriptFile}`).trim();
    const id = out.split(';')[0]; // "<jobid>[;cluster]"
    if (!/^\d+$/.test(id)) throw new InputError(`sbatch ${scriptFile}: unexpected output '${out}' (expected a job id)`);
    return id;
  }

  cancel(jobId: string): void {
    run('scancel', [jobId], `scancel ${jobId}`);
  }

  states(jobs: JobRef[]): JobStates {
    const result: JobStates = { jobIds: new Map(), tasks: new Map(), notes: [] };
    if (jobs.length === 0) return result;
    const names = jobs.map((j) => j.name).join(',');
    // squeue: pending and running tasks, and finished ones for MinJobAge (default 300 s) after they end
    const sq = run('squeue', ['-h', '-r', '-t', 'all', '-n', names, '-o', '%i|%T|%r|%N|%F|%j'], 'squeue');
    for (const line of sq.split('\n').filter(Boolean)) {
      const [id, state, reason, node, arrayJobId, name] = line.split('|');
      const parsed = expandArrayId(id);
      if (!parsed) continue;
      result.jobIds.set(name, arrayJobId || parsed.arrayJobId);
      for (const t of parsed.tasks) result.tasks.set(`${parsed.arrayJobId}_${t}`, { state, reason: reason === 'None' ? undefined : reason, node: node || undefined, source: 'squeue' });
    }
    // sacct: everything the cluster's accounting kept (absent on clusters without slurmdbd)
    const start = jobs.map((j) => j.submittedAt).sort()[0];
    try {
      const sa = run('sacct', ['-n', '-P', '-X', '--name', names, '-S', sacctTime(start), '-o', 'JobID,JobName,State,ExitCode,NodeList'], 'sacct');
      for (const line of sa.split('\n').filter(Boolean)) {
        const [id, name, stateText, exitCode, node] = line.split('|');
        const parsed = expandArrayId(id);
        if (!parsed) continue;
        if (!result.jobIds.has(name)) result.jobIds.set(name, parsed.arrayJobId);
        const state = stateText.split(' ')[0]; // "CANCELLED by 1000"
        for (const t of parsed.tasks) {
          const key = `${parsed.arrayJobId}_${t}`;
          if (!result.tasks.has(key)) result.tasks.set(key, { state, exitCode, node: node && node !== 'None assigned' ? node : undefined, source: 'sacct' });
        }
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      result.notes.push(err instanceof CommandNotFoundError ? 'sacct not found' : err.message.replace(/^sacct: /, ''));
    }
    // squeue lists every task of an array it still holds (-r); a task missing from a listed array was
    // cancelled while pending (which leaves no record without accounting) or purged MinJobAge after it ended
    for (const j of jobs) {
      const arrayJobId = result.jobIds.get(j.name) ?? j.jobId;
      if (!arrayJobId || !result.jobIds.has(j.name)) continue;
      for (let t = 0; t < j.runs; t++) {
        const key = `${arrayJobId}_${t}`;
        if (!result.tasks.has(key)) result.tasks.set(key, { state: 'UNKNOWN', reason: 'no longer listed by squeue (cancelled while pending, or purged after it ended) and not in sacct', source: 'inferred' });
      }
    }
    return result;
  }
}
