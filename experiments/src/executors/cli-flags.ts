/**
 * The executor's command-line flags (`--executor`, `--dry-run`, `--requeue`, `--detach`, `--slurm-*`) and
 * the one switch between the local runner and the Slurm executor that cli.ts calls.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '@peftbench/util';
import type { Sweep } from '../sweep-load.ts';
import { runSweep, type RunSweepOptions, type SweepSummary } from '../runner.ts';
import { expandSweep } from '../sweep-expand.ts';
import { executorKinds, executorSchema, resolveExecutor, type ExecutorKind, type ExecutorSetting, type ResolvedExecutor, type SlurmOptions } from './slurm-config.ts';
import { runSweepOnSlurm, slurmDryRun } from './slurm-runner.ts';

/** For node:util parseArgs (spread into the command's options). */
export const executorArgOptions = {
  executor: { type: 'string' },
  'dry-run': { type: 'boolean' },
  requeue: { type: 'boolean' },
  detach: { type: 'boolean' },
  'slurm-partition': { type: 'string' },
  'slurm-account': { type: 'string' },
  'slurm-qos': { type: 'string' },
  'slurm-time': { type: 'string' },
  'slurm-gpus': { type: 'string' },
  'slurm-cpus': { type: 'string' },
  'slurm-mem': { type: 'string' },
  'slurm-max-concurrent': { type: 'string' },
  'slurm-prepare': { type: 'string' },
} as const;

export const executorUsage = `executor (where the runs execute; the sweep file's executor: is the default):
  --executor local|slurm  local worker processes (default), or one Slurm array job
  --dry-run               print what would run (slurm: the sbatch script and the run list); do nothing
  --slurm-partition <p>   --slurm-account <a>  --slurm-qos <q>  --slurm-time <t, e.g. 04:00:00>
  --slurm-gpus <n>        --slurm-cpus <n>     --slurm-mem <e.g. 32G>
  --slurm-max-concurrent <n>  at most n runs at once (array throttle %n)
  --slurm-prepare here|job    prepare (pretraining, downloads) here, or as a job the array waits for
  --requeue               let Slurm requeue runs that are preempted or lose their node
  --detach                submit and return; \`peftbench sweep status <results dir>\` follows it`;

export interface ExecutorFlags {
  kind?: ExecutorKind;
  dryRun: boolean;
  detach: boolean;
  slurm: Partial<SlurmOptions>;
}

const int = (flag: string, v: string | boolean | undefined): number | undefined => {
  if (v === undefined || typeof v === 'boolean') return undefined;
  if (!/^\d+$/.test(v)) throw new InputError(`--${flag}: expected a whole number, got '${v}'`);
  return Number(v);
};
const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

export function executorFlagsFrom(values: Record<string, string | boolean | (string | boolean)[] | undefined>): ExecutorFlags {
  const v = values as Record<string, string | boolean | undefined>;
  const kind = str(v.executor);
  if (kind !== undefined && !(executorKinds as readonly string[]).includes(kind)) throw new InputError(`--executor: expected local or slurm, got '${kind}'`);
  const slurm: Partial<SlurmOptions> = {
    partition: str(v['slurm-partition']),
    account: str(v['slurm-account']),
    qos: str(v['slurm-qos']),
    time: str(v['slurm-time']),
    gpus: int('slurm-gpus', v['slurm-gpus']),
    cpus: int('slurm-cpus', v['slurm-cpus']),
    mem: str(v['slurm-mem']),
    maxConcurrent: int('slurm-max-concurrent', v['slurm-max-concurrent']),
    requeue: v.requeue ? true : undefined,
    prepare: str(v['slurm-prepare']) as SlurmOptions['prepare'] | undefined,
  };
  if (slurm.prepare !== undefined && slurm.prepare !== 'here' && slurm.prepare !== 'job') throw new InputError(`--slurm-prepare: expected here or job, got '${slurm.prepare}'`);
  return { kind: kind as ExecutorKind | undefined, dryRun: Boolean(v['dry-run']), detach: Boolean(v.detach), slurm };
}

/** The sweep file's `executor:` (already validated by loadSweepFile; absent for sweeps built in code). */
export function sweepExecutorSetting(sweep: Sweep): ExecutorSetting | undefined {
  let raw: unknown;
  try {
    raw = parse(readFileSync(sweep.file, 'utf8'));
  } catch {
    return undefined;
  }
  const value = (raw as { executor?: unknown } | null)?.executor;
  if (value === undefined) return undefined;
  const parsed = executorSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`${sweep.file} [executor]: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

export function executorFor(sweep: Sweep, flags: ExecutorFlags | undefined): ResolvedExecutor {
  try {
    return resolveExecutor(sweepExecutorSetting(sweep), { kind: flags?.kind, slurm: flags?.slurm });
  } catch (err) {
    if (err instanceof InputError) throw err;
    const issue = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    throw new InputError(`slurm options [${issue?.path.join('.') ?? '?'}]: ${issue?.message ?? (err as Error).message}`);
  }
}

/** `--dry-run`: the text to print. */
export function dryRunText(sweep: Sweep, exec: ResolvedExecutor, o: { resultsRoot?: string; limit?: number; retryFailed?: boolean }): string {
  if (exec.kind === 'slurm') return slurmDryRun(sweep, { ...o, slurm: exec.slurm }).text;
  let specs = expandSweep(sweep);
  if (o.limit !== undefined) specs = specs.slice(0, o.limit);
  return [`# dry run (local executor): ${specs.length} runs of sweep ${sweep.name}; finished ones are skipped when run`, ...specs.map((s, i) => `${String(i).padStart(5)}  ${s.id}  ${s.task} ${s.method} seed ${s.seed}`)].join('\n') + '\n';
}

/** Run the sweep on the chosen executor. */
export function runSweepWith(exec: ResolvedExecutor, sweep: Sweep, o: RunSweepOptions & { detach?: boolean; onNote?: (line: string) => void }): Promise<SweepSummary> {
  if (exec.kind === 'local') return runSweep(sweep, o);
  return runSweepOnSlurm(sweep, {
    resultsRoot: o.resultsRoot, limit: o.limit, retryFailed: o.retryFailed, slurm: exec.slurm, detach: o.detach,
    prepareFn: o.prepareFn, onEvent: o.onEvent, onNote: o.onNote, signal: o.signal,
    pollMs: process.env.PEFTBENCH_SLURM_POLL_MS ? Number(process.env.PEFTBENCH_SLURM_POLL_MS) : undefined,
  });
}
