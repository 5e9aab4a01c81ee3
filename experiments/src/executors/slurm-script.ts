/**
 * The sbatch scripts of one submission: the array job (task i runs entry i of the run list with
 * `slurm-task.ts`) and, with `prepare: job`, the prepare job it depends on (`--dependency=afterok`).
 * Pure functions of their inputs (printed as is by --dry-run).
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
  /** Job id of the prepare job the array waits for (prepare: job). */
  afterJob?: string;
}

/** Single-quote for bash. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Partition, account, limits and resources: the same for the array and the prepare job. */
function resourceDirectives(s: SlurmOptions): string[] {
  const lines: string[] = [];
  if (s.partition) lines.push(`--partition=${s.partition}`);
  if (s.account) lines.push(`--account=${s.account}`);
  if (s.qos) lines.push(`--qos=${s.qos}`);
  if (s.time) lines.push(`--time=${s.time}`);
  if (s.cpus) lines.push(`--cpus-per-task=${s.cpus}`);
  if (s.mem) lines.push(`--mem=${s.mem}`);
  if (s.gpus) lines.push(`--gres=gpu:${s.gpus}`);
  return lines;
}

/** The array job's #SBATCH lines (without the prefix): what a user would check before submitting. */
export function sbatchDirectives(input: Omit<ScriptInput, 'repoRoot' | 'nodeBinary' | 'taskScript'>): string[] {
  const s = input.slurm;
  if (input.runs < 1) throw new Error('sbatchDirectives: an array needs at least one run');
  const throttle = s.maxConcurrent ? `%${s.maxConcurrent}` : '';
  return [
    `--job-name=${input.jobName}`,
    `--array=0-${input.runs - 1}${throttle}`,
    // %A = array job id, %a = task index: one log per run; appended to when Slurm requeues the task
    `--output=${input.logDir}/slurm-%A_%a.log`,
    '--open-mode=append',
    '--ntasks=1',
    ...resourceDirectives(s),
    s.requeue ? '--requeue' : '--no-requeue',
    // a failed prepare job cancels the runs instead of leaving them pending forever
    ...(input.afterJob ? [`--dependency=afterok:${input.afterJob}`, '--kill-on-invalid-dep=yes'] : []),
    ...s.sbatchArgs,
  ];
}

function body(input: Omit<ScriptInput, 'runs' | 'afterJob'>, args: string): string[] {
  const q = shellQuote;
  return [
    'set -eo pipefail',
    ...(input.slurm.setup.length ? ['# setup (slurm.setup)', ...input.slurm.setup] : []),
    `cd ${q(input.repoRoot)}`,
    // exec: Slurm's SIGTERM (scancel, time limit, preemption) reaches node directly
    `exec "\${PEFTBENCH_NODE:-${input.nodeBinary.replace(/(["\\$`])/g, '\\$1')}}" --import tsx ${q(input.taskScript)} ${args}`,
    '',
  ];
}

export function sbatchScript(input: ScriptInput): string {
  return [
    '#!/bin/bash',
    `# peftbench sweep submission ${input.jobName}: array task i runs entry i of runs.json in`,
    `# ${input.submissionDir} and writes results/<sweep>/<run-id>.json itself (temp file + rename).`,
    ...sbatchDirectives(input).map((d) => `#SBATCH ${d}`),
    ...body(input, `${shellQuote(input.submissionDir)} "$SLURM_ARRAY_TASK_ID"`),
  ].join('\n');
}

/** The prepare job (prepare: job): the sweep's prepare step once, on a compute node, before the array. */
export function prepareScript(input: Omit<ScriptInput, 'runs' | 'afterJob'>): string {
  const s = input.slurm;
  return [
    '#!/bin/bash',
    `# peftbench prepare step of ${input.jobName} (pretraining, downloads into the cache), once; the array waits for it`,
    `#SBATCH --job-name=${input.jobName}-prepare`,
    `#SBATCH --output=${input.logDir}/slurm-%j-prepare.log`,
    '#SBATCH --ntasks=1',
    ...resourceDirectives(s).map((d) => `#SBATCH ${d}`),
    '#SBATCH --no-requeue',
    ...s.sbatchArgs.map((d) => `#SBATCH ${d}`),
    ...body(input, `--prepare ${shellQuote(input.submissionDir)}`),
  ].join('\n');
}
