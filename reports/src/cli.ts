/**
 * `reports build [--results <dir>] [--out <dir>] [--sweep <name>[,<name>]] [--no-charts] [--no-site] [--allow-partial]`
 * Regenerates the report tables, figures and the HTML report from existing result files (no training).
 * Run it as `npx nx run reports:build`. Result files that fail the runner's checks are listed with the
 * reason; then the command exits 1 unless --allow-partial.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join, relative, resolve } from 'node:path';
import { InputError, repoRoot } from '@peftbench/util';
import { buildReports } from './build.ts';
import { loadSweepResults } from './result-files.ts';
import { buildSite } from './site.ts';

const usage = `usage: reports build [--results <dir>] [--out <dir>] [--sweep <name>[,<name>...]] [--no-charts] [--no-site] [--allow-partial]

  --results <dir>   folder of sweep result folders (default: <repo>/results)
  --out <dir>       where tables and charts go (default: <repo>/reports/<family>; tables with no runs in <out>/papers)
  --site <dir>      where the HTML report goes (default: <out>/site, else <repo>/reports/site)
  --sweep <names>   only these sweeps (comma-separated folder names)
  --no-charts       tables only (no PNG charts or figures)
  --no-site         no HTML report
  --allow-partial   exit 0 even when result files were left out (they are still listed)`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return (console.log(usage), 0);
  if (command !== 'build') return (console.error(command === undefined ? usage : `reports: unknown ${command.startsWith('-') ? 'option' : 'command'} '${command}' (see --help)`), 2);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        results: { type: 'string' },
        out: { type: 'string' },
        site: { type: 'string' },
        sweep: { type: 'string' },
        'no-charts': { type: 'boolean' },
        'no-site': { type: 'boolean' },
        'allow-partial': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`reports build: ${(err as Error).message.split('\n')[0]} (see --help)`); // one line, no usage dump
    return 2;
  }
  if (values.help) return (console.log(usage), 0);
  // bad result files are found before anything is written (unless --allow-partial builds from the rest)
  const resultsRoot = values.results ? resolve(values.results) : join(repoRoot, 'results');
  if (existsSync(resultsRoot) && !statSync(resultsRoot).isDirectory()) {
    console.error(`reports build: --results ${values.results ?? resultsRoot}: ${resultsRoot} is a file; --results takes the folder that holds the sweep folders`);
    return 1;
  }
  const only = values.sweep?.split(',').filter(Boolean);
  const sweepDirs = existsSync(resultsRoot) ? readdirSync(resultsRoot).filter((n) => !n.startsWith('.') && statSync(join(resultsRoot, n)).isDirectory() && (!only || only.includes(n))) : [];
  const bad = sweepDirs.flatMap((n) => loadSweepResults(join(resultsRoot, n), n).unreadable);
  if (bad.length > 0 && !values['allow-partial']) {
    console.error(`reports build: ${bad.length} result file(s) left out (they fail the runner's checks), so nothing was written (re-run their sweep, or pass --allow-partial to build from the rest):`);
    for (const l of bad) console.error(`  ${relative(repoRoot, l.file)}: ${l.reason}`);
    return 1;
  }
  const built = await buildReports({
    resultsRoot: values.results ? resolve(values.results) : undefined,
    outDir: values.out ? resolve(values.out) : undefined,
    sweeps: values.sweep?.split(',').filter(Boolean),
    noCharts: values['no-charts'],
  });
  for (const w of built.warnings) console.error(`warning: ${w}`);
  for (const t of built.tables) console.log(`wrote ${t.files.map((f) => relative(repoRoot, f)).join(', ')}`);
  for (const c of built.charts) console.log(`wrote ${relative(repoRoot, c)}`);
  if (!values['no-site']) {
    const site = await buildSite(built, { outDir: values.site ? resolve(values.site) : values.out ? join(resolve(values.out), 'site') : join(repoRoot, 'reports', 'site'), noFigures: values['no-charts'], methods: built.methods });
    console.log(`wrote ${relative(repoRoot, site.index)} (${site.figures.length} figures, ${site.runs} run pages)`);
  }
  if (built.tables.every((t) => t.sweep === '')) console.log('reports build: no results found; run a sweep first (npx nx run experiments:glue)');
  if (built.leftOut.length > 0) {
    console.error(`reports build: ${built.leftOut.length} result file(s) left out:`);
    for (const l of built.leftOut) console.error(`  ${relative(repoRoot, l.file)}: ${l.reason}`);
    if (!values['allow-partial']) {
      console.error('reports build: exiting 1 because files were left out (re-run their sweep, or pass --allow-partial)');
      return 1;
    }
  }
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof InputError) {
        console.error(`reports: ${err.message}`);
        process.exit(1);
      }
      throw err;
    },
  );
}
