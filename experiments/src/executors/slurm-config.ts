/**
 * Where a sweep's runs execute: `local` (worker processes on this machine, the default) or `slurm` (one
 * `sbatch --array` job per submission). The sweep file may say so (`executor:`); `--executor` and the
 * `--slurm-*` flags override it. Nothing here changes what a run computes, so it is not part of any run id.
 */
import { z } from 'zod';

/** Slurm's --time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
const slurmTime = z
  .string()
  .regex(/^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?)$/, 'a Slurm time such as 90, 04:00:00 or 1-12:00:00');

export const slurmOptionsSchema = z
  .object({
    partition: z.string().min(1).optional().describe('sbatch --partition'),
    account: z.string().min(1).optional().describe('sbatch --account'),
    time: slurmTime.optional().describe('sbatch --time: wall-time limit of ONE run (each array task runs one run)'),
    gpus: z.number().int().nonnegative().optional().describe('GPUs per run: sbatch --gres=gpu:<n> (0 or absent: none)'),
    cpus: z.number().int().positive().optional().describe('sbatch --cpus-per-task'),
    mem: z.string().regex(/^\d+[KMGT]?$/, 'a Slurm size such as 16G or 8000M').optional().describe('sbatch --mem (per run)'),
    qos: z.string().min(1).optional().describe('sbatch --qos'),
    sbatchArgs: z.array(z.string().regex(/^--?[A-Za-z]/, 'an sbatch option starting with - or --')).default([]).describe('more sbatch options, one per entry, e.g. --constraint=a100'),
    maxConcurrent: z.number().int().positive().optional().describe('array throttle: at most N runs at once (--array=0-K%N)'),
    setup: z.array(z.string()).default([]).describe('shell lines run before each run, e.g. "module load nodejs/20"'),
    requeue: z.boolean().default(false).describe('let Slurm requeue a run that was preempted or hit a node failure (sbatch --requeue)'),
    prepare: z.enum(['here', 'job']).default('here').describe("where the sweep's prepare step (pretraining, downloads) runs once: 'here' on the submitting machine, or 'job' as a Slurm job the array depends on (--dependency=afterok)"),
  })
  .strict();
export type SlurmOptions = z.infer<typeof slurmOptionsSchema>;

export const executorKinds = ['local', 'slurm'] as const;
export type ExecutorKind = (typeof executorKinds)[number];

/** `executor: local | slurm`, or `executor: {kind: slurm, slurm: {...}}`. */
export const executorSchema = z.union([
  z.enum(executorKinds),
  z
    .object({
      kind: z.enum(executorKinds).describe('where the runs execute'),
      slurm: slurmOptionsSchema.optional().describe('sbatch settings (used when kind is slurm)'),
    })
    .strict(),
]);
export type ExecutorSetting = z.input<typeof executorSchema>;

export interface ResolvedExecutor {
  kind: ExecutorKind;
  slurm: SlurmOptions;
}

/** The sweep file's setting with the command line's on top. */
export function resolveExecutor(fromFile: ExecutorSetting | undefined, flags: { kind?: ExecutorKind; slurm?: Partial<SlurmOptions> } = {}): ResolvedExecutor {
  const file = fromFile === undefined ? { kind: 'local' as const } : typeof fromFile === 'string' ? { kind: fromFile } : fromFile;
  const base = slurmOptionsSchema.parse('slurm' in file && file.slurm ? file.slurm : {});
  const extra = Object.fromEntries(Object.entries(flags.slurm ?? {}).filter(([, v]) => v !== undefined));
  return { kind: flags.kind ?? file.kind, slurm: slurmOptionsSchema.parse({ ...base, ...extra }) };
}
