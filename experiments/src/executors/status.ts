/**
 * `peftbench sweep status <results dir>`: per run, where it stands — done, pending, running, failed,
 * timeout, cancelled or missing — from the result files, the Slurm submissions written next to them and
 * what squeue / sacct say about those. Reads only; the folder alone is enough (the submitter may be gone).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@peftbench/util';
import { SWEEP_META_FILE } from '../results-store.ts';
import { isLive, SlurmCli, type JobStates, type Scheduler, type TaskState } from './slurm-scheduler.ts';
import { latestTasks, listSubmissions, logRelPath, readRunList, readSlurmRecord, submissionDir, SLURM_DIR, type SlurmRecord } from './slurm-store.ts';

export const statusStates = ['done', 'running', 'pending', 'failed', 'timeout', 'cancelled', 'missing', 'unknown'] as const;
export type StatusState = (typeof statusStates)[number];

export interface RunStatus {
  id: string;
  label: string;
  state: StatusState;
  /** ok / diverged / failed when the run has a result file. */
  result: string | null;
  slurmState: string | null;
  /** "<array job id>_<task>" */
  jobId: string | null;
  /** Relative to the sweep folder. */
  log: string | null;
  message: string | null;
}

export interface SweepStatus {
  dir: string;
  runs: RunStatus[];
  counts: Record<StatusState, number>;
  notes: string[];
}

function categoryOf(slurmState: string): StatusState {
  if (slurmState === 'TIMEOUT' || slurmState === 'DEADLINE') return 'timeout';
  if (slurmState === 'CANCELLED') return 'cancelled';
  if (slurmState === 'UNKNOWN') return 'unknown';
  return 'failed'; // FAILED, PREEMPTED, NODE_FAIL, OUT_OF_MEMORY, BOOT_FAIL, COMPLETED without a result
}

function liveCategory(s: TaskState): StatusState {
  return ['PENDING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESV_DEL_HOLD'].includes(s.state) ? 'pending' : 'running';
}

const labelOf = (r: SlurmRecord | null, spec: { task: string; method: string; seed: number } | undefined, id: string) => {
  const s = r?.spec ?? spec;
  return s ? `${s.task}/${s.method} s${s.seed}` : id;
};

export function sweepStatus(dir: string, scheduler: Scheduler = new SlurmCli()): SweepStatus {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`${dir}: no such results folder`);
  const notes: string[] = [];
  const ids: string[] = [];
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };
  const metaFile = join(dir, SWEEP_META_FILE);
  if (existsSync(metaFile)) {
    try {
      for (const id of (JSON.parse(readFileSync(metaFile, 'utf8')) as { runs?: string[] }).runs ?? []) add(id);
    } catch (err) {
      notes.push(`${metaFile}: unreadable (${(err as Error).message})`);
    }
  }
  const subs = listSubmissions(dir);
  for (const s of subs) s.runs.forEach(add);
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.json') && !f.startsWith('_') && !f.startsWith('.')) add(f.slice(0, -5));
  if (!existsSync(metaFile) && subs.length === 0 && ids.length === 0) throw new InputError(`${dir}: not a sweep's results folder (no ${SWEEP_META_FILE}, no result files, no ${SLURM_DIR}/)`);

  const latest = latestTasks(subs);
  const specs = new Map<string, { task: string; method: string; seed: number }>();
  for (const s of subs) {
    try {
      for (const spec of readRunList(submissionDir(dir, s.id)).specs) specs.set(spec.id, spec);
    } catch {
      // the labels fall back to the run id
    }
  }
  const records = new Map(ids.map((id) => [id, readSlurmRecord(dir, id)]));
  const open = subs.filter((s) => s.runs.some((id) => latest.get(id)?.sub === s && records.get(id)?.result.status !== 'ok' && records.get(id)?.result.status !== 'diverged'));
  let states: JobStates = { jobIds: new Map(), tasks: new Map(), notes: [] };
  let slurmReachable = true;
  if (open.length) {
    try {
      states = scheduler.states(open.map((s) => ({ name: s.jobName, jobId: s.jobId, submittedAt: s.submittedAt, runs: s.runs.length })));
      notes.push(...states.notes);
    } catch (err) {
      slurmReachable = false;
      notes.push(`could not ask Slurm: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  const runs: RunStatus[] = ids.map((id) => {
    const rec = records.get(id) ?? null;
    const t = latest.get(id);
    const arrayJobId = t ? (t.sub.jobId ?? states.jobIds.get(t.sub.jobName) ?? null) : null;
    const key = t && arrayJobId ? `${arrayJobId}_${t.index}` : null;
    const state = key ? states.tasks.get(key) : undefined;
    const base = { id, label: labelOf(rec, specs.get(id), id) };
    if (rec && rec.result.status !== 'failed') {
      return { ...base, state: 'done', result: rec.result.status, slurmState: rec.slurm?.state ?? null, jobId: rec.slurm?.jobId ?? null, log: rec.slurm?.log ?? null, message: rec.result.message ?? null };
    }
    const taskLog = key && t ? logRelPath(arrayJobId!, t.index) : null;
    if (state && isLive(state)) return { ...base, state: liveCategory(state), result: rec?.result.status ?? null, slurmState: state.state, jobId: key, log: taskLog, message: state.reason ?? null };
    const recordedForLatest = rec?.slurm && key && rec.slurm.jobId === key;
    if (rec && (recordedForLatest || !key || !state)) {
      const s = rec.slurm?.state ?? null;
      return { ...base, state: s ? categoryOf(s === 'COMPLETED' ? 'FAILED' : s) : 'failed', result: 'failed', slurmState: s, jobId: rec.slurm?.jobId ?? null, log: rec.slurm?.log ?? null, message: rec.result.message ?? null };
    }
    if (key && state) {
      // ended without its own result, not recorded yet (the next invocation of the sweep records it)
      return { ...base, state: categoryOf(state.state === 'COMPLETED' ? 'FAILED' : state.state), result: rec?.result.status ?? null, slurmState: state.state, jobId: key, log: taskLog, message: state.reason ?? 'ended without writing a result' };
    }
    if (t && !slurmReachable) return { ...base, state: 'unknown', result: null, slurmState: null, jobId: key, log: taskLog, message: 'submitted; Slurm could not be asked' };
    return { ...base, state: 'missing', result: null, slurmState: null, jobId: null, log: null, message: t ? 'submission never reached Slurm' : null };
  });
  const counts = Object.fromEntries(statusStates.map((s) => [s, runs.filter((r) => r.state === s).length])) as Record<StatusState, number>;
  return { dir, runs, counts, notes };
}

export function formatStatus(st: SweepStatus): string {
  const w = (rows: string[][]) => rows.map((r) => r.map((c, i) => c.padEnd(Math.max(...rows.map((x) => x[i].length)))).join('  ').trimEnd());
  const rows = [['state', 'run', 'id', 'slurm job', 'slurm state', 'log'], ...st.runs.map((r) => [r.state + (r.result === 'diverged' ? ' (diverged)' : ''), r.label, r.id, r.jobId ?? '-', r.slurmState ?? '-', r.log ?? '-'])];
  const summary = statusStates.filter((s) => st.counts[s] > 0).map((s) => `${st.counts[s]} ${s}`).join(', ');
  const problems = st.runs.filter((r) => ['failed', 'timeout', 'cancelled', 'unknown'].includes(r.state) && r.message).map((r) => `  ${r.id}: ${r.message!.split('\n')[0]}`);
  return [`${st.dir}: ${st.runs.length} runs — ${summary || 'none'}`, ...st.notes.map((n) => `note: ${n}`), '', ...w(rows), ...(problems.length ? ['', 'why:', ...problems] : [])].join('\n') + '\n';
}
