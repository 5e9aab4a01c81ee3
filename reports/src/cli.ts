/**
 * `reports build [--results <dir>] [--out <dir>] [--sweep <name>[,<name>]] [--no-charts]`
 * Regenerates the report tables from existing result files (no training). Run it as `npx nx run reports:build`.
 */
import { parseArgs } from 'node:util';
import { relative, resolve } from 'node:path';
import { InputError, repoRoot } from '@peftbench/util';
import { buildReports } from './build.ts';

const usage = `usage: reports build [--results <dir>] [--out <dir>] [--sweep <name>[,<name>...]] [--no-charts]

  --results <dir>   folder of sweep result folders (default: <repo>/results)
  --out <dir>       where tables and charts go (default: <repo>/reports/glue)
  --sweep <names>   only these sweeps (comma-separated folder names)
  --no-charts       tables only`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return (console.log(usage), 0);
  if (command !== 'build') return (console.error(`reports: unknown command '${command ?? ''}'\n\n${usage}`), 2);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { results: { type: 'string' }, out: { type: 'string' }, sweep: { type: 'string' }, 'no-charts': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`reports build: ${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) return (console.log(usage), 0);
  const built = await buildReports({
    resultsRoot: values.results ? resolve(values.results) : undefined,
    outDir: values.out ? resolve(values.out) : undefined,
    sweeps: values.sweep?.split(',').filter(Boolean),
    noCharts: values['no-charts'],
  });
  for (const w of built.warnings) console.error(`warning: ${w}`);
  if (built.tables.length === 0) {
    console.log('reports build: no GLUE results found; run a sweep first (npx nx run experiments:glue)');
    return 0;
  }
  for (const t of built.tables) console.log(`wrote ${t.files.map((f) => relative(repoRoot, f)).join(', ')}`);
  for (const c of built.charts) console.log(`wrote ${relative(repoRoot, c)}`);
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
