/**
 * What a Slurm sweep keeps next to its results (results/<sweep>/):
 *   _slurm/<submission>/runs.json        the run list: array task i runs specs[i] (written before sbatch)
 *   _slurm/<submission>/job.sbatch       the script that was submitted
 *   _slurm/<submission>/submission.json  job name, array job id, run ids by task index
 *   logs/slurm-<array job id>_<task>.log one log per array task
 * and each run's result file (<run-id>.json) as the local runner writes it, plus a `slurm` field saying
 * which array task wrote it, its Slurm state and its log. Everything is written atomically (temp + rename);
 * status and resume read these files and Slurm alone, so the submitting process may die at any time.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { InputError, writeJsonAtomic } from '@peftbench/util';
import { readRecord, recordPath } from '../results-store.ts';
import type { RunRecord } from '../run-record.ts';
import type { RunSpec } from '../run-types.ts';

export const SLURM_DIR = '_slurm';
export const SUBMISSION_FORMAT = 'peftbench-slurm-submission/1';
export const RUN_LIST_FORMAT = 'peftbench-slurm-runs/1';

export const submissionSchema = z.object({
  format: z.literal(SUBMISSION_FORMAT),
  id: z.string(),
  sweep: z.string(),
  jobName: z.string(),
  /** Null until sbatch answered (a submitter killed in between leaves it null; the job name finds it). */
  jobId: z.string().nullable(),
  submittedAt: z.string(),
  /** Run ids by array task index. */
  runs: z.array(z.string()),
  requeue: z.boolean(),
  /** With prepare: job, the prepare job the array depends on. */
  prepareJobId: z.string().nullable().optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

export interface RunList {
  format: typeof RUN_LIST_FORMAT;
  sweep: string;
  run: { module: string; exportName: string; prepareExport?: string };
  specs: RunSpec[];
}

/** The `slurm` field of a result file written through Slurm. */
export const slurmFieldSchema = z.object({
  submission: z.string(),
  /** "<array job id>_<task>" */
  jobId: z.string(),
  arrayJobId: z.string(),
  task: z.number().int().nonnegative(),
  /** Slurm's state of the task when the record was written (COMPLETED, FAILED, TIMEOUT, CANCELLED, ...). */
  state: z.string(),
  /** Relative to the sweep's results folder. */
  log: z.string(),
  node: z.string().nullable(),
});
export type SlurmField = z.infer<typeof slurmFieldSchema>;
export type SlurmRecord = RunRecord & { slurm?: SlurmField };

export const submissionDir = (dir: string, id: string) => join(dir, SLURM_DIR, id);
export const logRelPath = (arrayJobId: string, task: number) => `logs/slurm-${arrayJobId}_${task}.log`;

export function newSubmissionId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function listSubmissions(dir: string): Submission[] {
  const root = join(dir, SLURM_DIR);
  if (!existsSync(root)) return [];
  const subs: Submission[] = [];
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, 'submission.json');
    if (!existsSync(file)) continue; // a submission cut short before it was written down: never submitted
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new InputError(`${file}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = submissionSchema.safeParse(json);
    if (!parsed.success) throw new InputError(`${file} [${parsed.error.issues[0].path.join('.') || '(root)'}]: ${parsed.error.issues[0].message}`);
    subs.push(parsed.data);
  }
  return subs.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : a.id < b.id ? -1 : 1));
}

export function writeSubmission(dir: string, sub: Submission): void {
  writeJsonAtomic(join(submissionDir(dir, sub.id), 'submission.json'), sub);
}

export function readRunList(subDir: string): RunList {
  const file = join(subDir, 'runs.json');
  let json: RunList;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as RunList;
  } catch (err) {
    throw new InputError(`${file}: cannot read the run list (${(err as Error).message})`);
  }
  if (json.format !== RUN_LIST_FORMAT || !Array.isArray(json.specs)) throw new InputError(`${file} [format]: not a ${RUN_LIST_FORMAT} run list`);
  return json;
}

/** The newest submission holding each run, with the run's array index in it. */
export function latestTasks(subs: Submission[]): Map<string, { sub: Submission; index: number }> {
  const out = new Map<string, { sub: Submission; index: number }>();
  for (const sub of subs) sub.runs.forEach((id, index) => out.set(id, { sub, index }));
  return out;
}

/** A result file with its `slurm` field (readRecord validates the record and drops unknown keys). */
export function readSlurmRecord(dir: string, id: string): SlurmRecord | null {
  const file = recordPath(dir, id);
  if (!existsSync(file)) return null;
  const rec = readRecord(file, id);
  if ('corrupt' in rec) return null;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { slurm?: unknown };
    const slurm = slurmFieldSchema.safeParse(raw.slurm);
    return slurm.success ? { ...rec, slurm: slurm.data } : rec;
  } catch {
    return rec;
  }
}

/**
 * Write a record only if the run has no result file yet: temp file + link(2), which fails when the name
 * exists, so two writers can never both succeed and nobody sees a half-written file.
 */
export function writeRecordIfAbsent(dir: string, record: SlurmRecord): boolean {
  const file = recordPath(dir, record.id);
  const tmp = join(dir, `.${record.id}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function relativeTo(dir: string, file: string): string {
  return relative(dir, file) || file;
}
