/**
 * One Slurm array task: `node --import tsx slurm-task.ts <submission dir> <task index>` (the sbatch script
 * runs it). Runs entry <index> of the submission's run list in this process and writes the run's result
 * file itself, atomically. A run whose file already holds a finished (ok or diverged) result is not run
 * again and its file is never rewritten. On SIGTERM (scancel, time limit, preemption) it stops without
 * writing anything: the submitter or the next resume records the Slurm state. Exit code 0: ok or
 * diverged; 1: the run failed (its failed record is written); 2: bad arguments.
 */
import { basename, join, resolve } from 'node:path';
import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { writeJsonAtomic } from '@peftbench/util';
import type { PrepareFn, RunFn, RunProgress } from '../run-types.ts';
import { buildRecord, failedResult, gitInfo } from '../run-record.ts';
import { normalizeResult } from '../normalize-result.ts';
import { recordPath } from '../results-store.ts';
import { logRelPath, readRunList, readSlurmRecord, type SlurmRecord } from './slurm-store.ts';

const stamp = (line: string) => process.stdout.write(`[peftbench ${new Date().toISOString()}] ${line}\n`);

/** `log` receives the task's lines (default: stdout, i.e. the Slurm log of the task). */
export async function runTask(subDir: string, index: number, log: (line: string) => void = stamp): Promise<number> {
  const list = readRunList(subDir);
  const spec = list.specs[index];
  if (!spec) {
    log(`no run at index ${index} in ${join(subDir, 'runs.json')} (${list.specs.length} runs)`);
    return 2;
  }
  const dir = resolve(subDir, '..', '..');
  const submission = basename(subDir);
  const arrayJobId = process.env.SLURM_ARRAY_JOB_ID ?? process.env.SLURM_JOB_ID ?? 'local';
  const jobId = `${arrayJobId}_${index}`;
  log(`run ${spec.id} (${spec.task}/${spec.method} seed ${spec.seed}), array task ${jobId}, restart ${process.env.SLURM_RESTART_COUNT ?? 0}`);

  const before = readSlurmRecord(dir, spec.id);
  if (before && before.result.status !== 'failed') {
    log(`already has a ${before.result.status} result (${recordPath(dir, spec.id)}): not run again`);
    return 0;
  }

  const mod = (await import(pathToFileURL(list.run.module).href)) as Record<string, unknown>;
  const runFn = mod[list.run.exportName];
  const startedAt = new Date();
  let result;
  if (typeof runFn !== 'function') {
    result = failedResult(`${list.run.module}: no exported function '${list.run.exportName}'`, 0);
  } else {
    let lastQuarter = -1;
    const onProgress = (p: RunProgress) => {
      const quarter = p.totalSteps > 0 ? Math.floor((4 * p.step) / p.totalSteps) : 0;
      if (quarter === lastQuarter) return;
      lastQuarter = quarter;
      log(`${p.phase} step ${p.step}/${p.totalSteps}${p.loss === undefined ? '' : ` loss ${p.loss}`}`);
    };
    try {
      const raw = await (runFn as RunFn)(spec, onProgress);
      result = normalizeResult(raw, (Date.now() - startedAt.getTime()) / 1000);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      log(`run failed: ${e.stack ?? e.message}`);
      result = failedResult(e.message, (Date.now() - startedAt.getTime()) / 1000);
    }
  }
  const finishedAt = new Date();
  const record: SlurmRecord = {
    ...buildRecord({ spec, result, git: gitInfo(), startedAt, finishedAt }),
    slurm: {
      submission,
      jobId,
      arrayJobId,
      task: index,
      state: result.status === 'failed' ? 'FAILED' : 'COMPLETED',
      log: logRelPath(arrayJobId, index),
      node: process.env.SLURMD_NODENAME ?? hostname(),
    },
  };
  // a finished result that appeared meanwhile (another submission of the same run) is kept, not rewritten
  const now = readSlurmRecord(dir, spec.id);
  if (now && now.result.status !== 'failed') {
    log(`a ${now.result.status} result appeared meanwhile: kept, this one dropped`);
    return 0;
  }
  writeJsonAtomic(recordPath(dir, spec.id), record);
  log(`${result.status}: wrote ${recordPath(dir, spec.id)}`);
  return result.status === 'failed' ? 1 : 0;
}

/** `--prepare <submission dir>`: the sweep's prepare step over the whole run list (prepare: job). Exit 0 / 1. */
export async function runPrepare(subDir: string, log: (line: string) => void = stamp): Promise<number> {
  const list = readRunList(subDir);
  if (!list.run.prepareExport) {
    log('this sweep has no prepare step');
    return 0;
  }
  log(`prepare step ${list.run.prepareExport} for ${list.specs.length} run(s)`);
  try {
    const mod = (await import(pathToFileURL(list.run.module).href)) as Record<string, unknown>;
    const prepare = mod[list.run.prepareExport];
    if (typeof prepare !== 'function') throw new Error(`${list.run.module}: no exported function '${list.run.prepareExport}'`);
    let lastQuarter = -1;
    await (prepare as PrepareFn)(list.specs, (p) => {
      const quarter = p.totalSteps > 0 ? Math.floor((4 * p.step) / p.totalSteps) : 0;
      if (quarter !== lastQuarter) log(`${p.phase} step ${p.step}/${p.totalSteps}${p.loss === undefined ? '' : ` loss ${p.loss}`}`);
      lastQuarter = quarter;
    });
  } catch (err) {
    log(`prepare failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
  log('prepared');
  return 0;
}

const [subDirArg, indexArg] = process.argv.slice(2);
if (process.argv[1] && resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  if (subDirArg === '--prepare' && indexArg) {
    runPrepare(resolve(indexArg)).then((code) => process.exit(code), (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    });
  } else if (!subDirArg || !/^\d+$/.test(indexArg ?? '')) {
    process.stderr.write('usage: slurm-task.ts <submission dir> <array task index> | --prepare <submission dir>\n');
    process.exit(2);
  } else {
    process.on('SIGTERM', () => {
      stamp('SIGTERM (scancel, time limit or preemption): stopping; no result written for this run');
      process.exit(143);
    });
    runTask(resolve(subDirArg), Number(indexArg)).then(
      (code) => process.exit(code),
      (err) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(2);
      },
    );
  }
}
