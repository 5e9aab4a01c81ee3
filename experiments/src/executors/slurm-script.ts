/**
 * The sbatch script of one submission: one array task per run; task i runs entry i of the run list with
 * `slurm-task.ts`. A pure function of its inputs (printed as is by --dry-run).
 */
import type { SlurmOptions } from './slurm-config.ts';

export interface ScriptInput {
  jobName: string;
  /** Number of runs = array size (tasks 0..n-1). */
  runs: number;
  /** Absolute paths. */
  submissionDir: string;
  logDir: string;
  repoRoot: string;
  /** Node binary used when PEFTBENCH_NODE is not set on the compute node. */
  nodeBinary: string;
  /** Absolute path of slurm-task.ts. */
  taskScript: string;
  slurm: SlurmOptions;
}

/** Single-quote for bash. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The #SBATCH lines (without the prefix): what a user would check before submitting. */
export function sbatchDirectives(input: Omit<ScriptInput, 'repoRoot' | 'nodeBinary' | 'taskScript'>): string[] {
  const s = input.slurm;
  if (input.runs < 1) throw new Error('sbatchDirectives: an array needs at least one run');
  const throttle = s.maxConcurrent ? `%${s.maxConcurrent}` : '';
  const lines = [
    `--job-name=${input.jobName}`,
    `--array=0-${input.runs - 1}${throttle}`,
    // %A = array job id, %a = task index: one log per run; appended to when Slurm requeues the task
    `--output=${input.logDir}/slurm-%A_%a.log`,
    '--open-mode=append',
    '--ntasks=1',
  ];
  if (s.partition) lines.push(`--partition=${s.partition}`);
  if (s.account) lines.push(`--account=${s.account}`);
  if (s.qos) lines.push(`--qos=${s.qos}`);
  if (s.time) lines.push(`--time=${s.time}`);
  if (s.cpus) lines.push(`--cpus-per-task=${s.cpus}`);
  if (s.mem) lines.push(`--mem=${s.mem}`);
  if (s.gpus) lines.push(`--gres=gpu:${s.gpus}`);
  lines.push(s.requeue ? '--requeue' : '--no-requeue');
  lines.push(...s.sbatchArgs);
  return lines;
}

export function sbatchScript(input: ScriptInput): string {
  const q = shellQuote;
  const directives = sbatchDirectives(input).map((d) => `#SBATCH ${d}`);
  return [
    '#!/bin/bash',
    `# peftbench sweep submission ${input.jobName}: array task i runs entry i of runs.json in`,
    `# ${input.submissionDir} and writes results/<sweep>/<run-id>.json itself (temp file + rename).`,
    ...directives,
    'set -eo pipefail',
    ...(input.slurm.setup.length ? ['# setup (slurm.setup)', ...input.slurm.setup] : []),
    `cd ${q(input.repoRoot)}`,
    // exec: Slurm's SIGTERM (scancel, time limit, preemption) reaches node directly
    `exec "\${PEFTBENCH_NODE:-${input.nodeBinary.replace(/(["\\$`])/g, '\\$1')}}" --import tsx ${q(input.taskScript)} ${q(input.submissionDir)} "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}
