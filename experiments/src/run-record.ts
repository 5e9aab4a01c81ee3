/**
 * The result file of one run (results/<sweep>/<run-id>.json): the spec it ran, what it returned, and where
 * and from which code it ran. Reports are built from these files alone.
 */
import { execFileSync } from 'node:child_process';
import { cpus, arch, platform } from 'node:os';
import { z } from 'zod';
import { repoRoot } from '@peftbench/util';
import { runResultSchema, type RunSpec, type StoredRunResult } from './run-types.ts';

export const RECORD_FORMAT = 'peftbench-run/1';

const runSpecSchema = z.object({
  sweep: z.string(),
  id: z.string(),
  family: z.enum(['glue', 'e2e', 'math', 'conll']),
  task: z.string(),
  method: z.string(),
  methodConfig: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  model: z.string(),
  data: z.union([
    z.object({ kind: z.literal('demo') }),
    z.object({ kind: z.literal('folder'), dir: z.string() }),
    z.object({ kind: z.literal('hub') }),
  ]),
  protocol: z.enum(['dev', 'red-split', 'id3']),
  hyper: z.looseObject({
    learningRate: z.number(),
    batchSize: z.number(),
    epochs: z.number(),
    maxLength: z.number(),
    warmupRatio: z.number(),
    weightDecay: z.number(),
  }),
});

export const runRecordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  id: z.string(),
  sweep: z.string(),
  spec: runSpecSchema,
  result: runResultSchema,
  git: z.object({ commit: z.string().nullable(), dirty: z.boolean().nullable() }),
  environment: z.object({ node: z.string(), platform: z.string(), arch: z.string(), cpus: z.number(), cpuModel: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** Wall time as the runner saw it (process start included); result.wallSeconds is the run's own. */
  runnerWallSeconds: z.number(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export interface GitInfo {
  commit: string | null;
  dirty: boolean | null;
}

/** `git rev-parse HEAD` and whether the tree has changes; nulls where git or the repository is absent. */
export function gitInfo(cwd = repoRoot): GitInfo {
  const git = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let commit: string | null = null;
  let dirty: boolean | null = null;
  try {
    commit = git(['rev-parse', 'HEAD']);
    dirty = git(['status', '--porcelain', '--untracked-files=no']).length > 0;
  } catch {
    // no git binary, not a repository, or no commit yet: record the absence rather than fail the sweep
  }
  return { commit, dirty };
}

export function environmentInfo(): RunRecord['environment'] {
  const cpuList = cpus();
  return { node: process.version, platform: platform(), arch: arch(), cpus: cpuList.length, cpuModel: cpuList[0]?.model ?? 'unknown' };
}

export function buildRecord(args: {
  spec: RunSpec;
  result: StoredRunResult;
  git: GitInfo;
  startedAt: Date;
  finishedAt: Date;
}): RunRecord {
  return {
    format: RECORD_FORMAT,
    id: args.spec.id,
    sweep: args.spec.sweep,
    spec: args.spec as RunRecord['spec'],
    result: args.result,
    git: args.git,
    environment: environmentInfo(),
    startedAt: args.startedAt.toISOString(),
    finishedAt: args.finishedAt.toISOString(),
    runnerWallSeconds: (args.finishedAt.getTime() - args.startedAt.getTime()) / 1000,
  };
}

/** A result for a run that produced none (the run function threw, or its process died). */
export function failedResult(message: string, wallSeconds: number): StoredRunResult {
  return {
    status: 'failed',
    message,
    trainableParams: 0,
    evals: [],
    best: null,
    backend: { name: 'unknown', threads: 0, versions: {} },
    wallSeconds,
  };
}
