/** Executors of the sweep runner: where runs execute (local worker processes, or Slurm array jobs). */
export { slurmOptionsSchema, executorSchema, executorKinds, resolveExecutor, type SlurmOptions, type ExecutorKind, type ExecutorSetting, type ResolvedExecutor } from './slurm-config.ts';
export { sbatchScript, sbatchDirectives, shellQuote, type ScriptInput } from './slurm-script.ts';
export { SlurmCli, CommandNotFoundError, expandArrayId, isLive, LIVE_STATES, type Scheduler, type TaskState, type JobRef, type JobStates } from './slurm-scheduler.ts';
export { listSubmissions, readSlurmRecord, SLURM_DIR, type Submission, type SlurmField, type SlurmRecord } from './slurm-store.ts';
export { runSweepOnSlurm, slurmDryRun, type SlurmSweepOptions } from './slurm-runner.ts';
export { sweepStatus, formatStatus, statusStates, type SweepStatus, type RunStatus, type StatusState } from './status.ts';
export { executorArgOptions, executorFlagsFrom, executorFor, dryRunText, runSweepWith, executorUsage, type ExecutorFlags } from './cli-flags.ts';
