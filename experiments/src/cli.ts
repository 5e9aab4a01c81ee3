/**
 * `experiments <glue|e2e|math|conll> [options]` — the main command (`npx nx run experiments:glue`):
 * load a sweep, apply the flags, run what is not done yet, then regenerate and print the report tables.
 * Exit codes: 0 all runs have results and none failed; 1 bad input, or some runs failed (re-run to retry);
 * 2 usage; 130 interrupted (re-run to resume).
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, repoRoot } from '@peftbench/util';
import { buildReports } from '@peftbench/reports';
import { families } from './families.ts';
import { loadSweepFile } from './sweep-load.ts';
import { applyOverrides, parseCliArgs, resolveUserPath, usage } from './cli-args.ts';
import { PrepareError, type SweepSummary } from './runner.ts';
import { dryRunText, executorFor, runSweepWith } from './executors/cli-flags.ts';
import { createProgressDisplay } from './progress.ts';
import { sweepInputProblems } from './validate-inputs.ts';
import { REFRESH_ENV } from './families/provenance.ts';
import type { Family } from './run-types.ts';

const sweepsDir = fileURLToPath(new URL('../sweeps/', import.meta.url));

export function profileSweep(family: Family, profile: 'quick' | 'paper'): string {
  return join(sweepsDir, `${family}-${profile}.yaml`);
}

function failureDigest(summary: SweepSummary): string[] {
  const byMessage = new Map<string, string[]>();
  for (const r of summary.records.filter((x) => x.result.status === 'failed')) {
    const first = (r.result.message ?? 'no message').split('\n')[0].replace(/; run \S+$/, '');
    byMessage.set(first, [...(byMessage.get(first) ?? []), r.id]);
  }
  return [...byMessage].map(([msg, ids]) => `  ${ids.length} run(s): ${msg}  (e.g. ${relative(repoRoot, join(summary.dir, `${ids[0]}.json`))})`);
}

export async function main(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(usage());
    return command ? 0 : 2;
  }
  if (!(command in families)) {
    console.error(`experiments: unknown command '${command}' (known: ${Object.keys(families).join(', ')})\n\n${usage()}`);
    return 2;
  }
  const family = command as Family;
  let opts;
  try {
    opts = parseCliArgs(rest);
  } catch (err) {
    if (err instanceof InputError) {
      console.error(`experiments ${family}: ${err.message.split('\n')[0]} (see --help)`); // one line: the flag and what is wrong
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    console.log(usage(family));
    return 0;
  }
  if (opts.backend) {
    // the workers inherit it; an opt-in route that cannot load here is refused in one line before any run starts
    process.env.PEFTBENCH_BACKEND = opts.backend;
    if (opts.backend === 'webgpu') {
      const { probeWebGpu } = await import('@peftbench/core');
      const probe = await probeWebGpu();
      if (!probe.ok) {
        console.error(`experiments ${family}: --backend webgpu cannot load: ${probe.reason}. Nothing was run.`);
        return 1;
      }
    }
  }
  const fam = families[family];
  if (fam.notWired && !opts.sweep) {
    console.error(`experiments ${family}: not wired yet — ${fam.notWired}. Nothing was run.\n` +
      `The sweep runner, result files and reports are ready; the ${family} family needs its run function in ${relative(repoRoot, fam.runModule)}.`);
    return 1;
  }

  const sweepFile = opts.sweep ? resolveUserPath(opts.sweep) : profileSweep(family, opts.profile);
  const sweep = applyOverrides(loadSweepFile(sweepFile), opts);
  if (sweep.family !== family) throw new InputError(`${sweepFile} [family]: this sweep is for '${sweep.family}', not '${family}'`);
  if (sweep.aggregation.rule === 'best-k-of-n' && sweep.aggregation.k > sweep.seeds.length) {
    console.error(`warning: aggregation is best ${sweep.aggregation.k} of n but only ${sweep.seeds.length} seed(s) are run; those cells are marked *`);
  }
  const resultsRoot = opts.results ? resolveUserPath(opts.results) : join(repoRoot, 'results');
  if (existsSync(resultsRoot) && !statSync(resultsRoot).isDirectory()) throw new InputError(`--results ${opts.results}: ${resultsRoot} is a file; --results takes a folder`);
  if (opts.reports) {
    const reportsDir = resolveUserPath(opts.reports);
    if (existsSync(reportsDir) && !statSync(reportsDir).isDirectory()) throw new InputError(`--reports ${opts.reports}: ${reportsDir} is a file; --reports takes a folder`);
  }
  // data and model folders are read before any work: a bad row is an error now, not after pretraining
  const inputProblems = await sweepInputProblems(sweep);
  if (inputProblems.length > 0) throw new InputError(`nothing was run; the sweep's inputs have ${inputProblems.length} problem(s):\n${inputProblems.join('\n')}`);
  const workers = opts.workers ?? Math.max(1, Math.min(4, availableParallelism()));
  const executor = executorFor(sweep, opts.executor);
  if (opts.executor.dryRun) {
    out.write(dryRunText(sweep, executor, { resultsRoot, limit: opts.limit, retryFailed: opts.retryFailed }));
    return 0;
  }

  if (opts.refresh) process.env[REFRESH_ENV] = '1'; // read by the prepare step in the worker
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const display = createProgressDisplay(out);
  let summary: SweepSummary;
  try {
    summary = await runSweepWith(executor, sweep, {
      resultsRoot, workers, limit: opts.limit, retryFailed: opts.retryFailed, freshProcessPerRun: opts.freshProcess,
      onEvent: display.onEvent, signal: controller.signal, detach: opts.executor.detach, onNote: (line) => out.write(`${line}\n`),
    });
  } catch (err) {
    if (!(err instanceof PrepareError)) throw err;
    console.error(`experiments ${family}: ${err.message}`);
    return 1;
  } finally {
    display.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  if (executor.kind === 'slurm' && opts.executor.detach && summary.interrupted) return 0; // submitted, not followed
  if (summary.interrupted) return 130;

  if (opts.report && summary.records.some((r) => r.result.status !== 'failed')) {
    const built = await buildReports({ resultsRoot, sweeps: [sweep.name], outDir: opts.reports ? resolveUserPath(opts.reports) : undefined });
    for (const w of built.warnings) console.error(`warning: ${w}`);
    if (built.tables[0]) out.write(`\n${built.tables[0].markdown}\n`);
    out.write(`tables: ${built.tables.flatMap((t) => t.files.filter((f) => f.endsWith('.md'))).map((f) => relative(repoRoot, f)).join(', ')}\n`);
    out.write(`csv:    ${built.tables.flatMap((t) => t.files.filter((f) => f.endsWith('.csv'))).map((f) => relative(repoRoot, f)).join(', ')}\n`);
    if (built.charts.length) out.write(`chart:  ${built.charts.map((f) => relative(repoRoot, f)).join(', ')}\n`);
  }
  out.write(`results: ${relative(repoRoot, summary.dir) || summary.dir}/ (one JSON per run; logs/ has each run's output)\n`);
  if (summary.failed > 0) {
    console.error(`${summary.failed} run(s) failed:\n${failureDigest(summary).join('\n')}\nRe-run the same command to retry them.`);
    return 1;
  }
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolveUserPathForEntry(process.argv[1]);
function resolveUserPathForEntry(p: string): string {
  return p.startsWith('/') ? p : join(process.cwd(), p);
}
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof InputError) {
        console.error(`experiments: ${err.message}`);
        process.exit(1);
      }
      // file-system failures (read-only or full results folder, permissions): one line naming the path
      const code = (err as NodeJS.ErrnoException)?.code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
        console.error(`experiments: ${(err as Error).message}${code === 'ENOSPC' ? ' (disk full: results written so far are complete; free space and re-run to resume)' : code === 'EROFS' || code === 'EACCES' || code === 'EPERM' ? ' (not writable: choose another folder with --results)' : ''}`);
        process.exit(1);
      }
      console.error(err);
      process.exit(1);
    },
  );
}
