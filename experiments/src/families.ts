/**
 * Which tasks and methods each family knows, and which module holds its run function. The runner loads
 * the run function by module path (in a child process), so wiring a family is a one-file change.
 */
import { fileURLToPath } from 'node:url';
import type { Family } from './run-types.ts';

export interface FamilyEntry {
  tasks: readonly string[];
  methods: readonly string[];
  /** Absolute path of the module exporting the RunFn, and the export's name. */
  runModule: string;
  runExport: string;
  /** Optional PrepareFn exported by the same module (shared work done once before the runs). */
  prepareExport?: string;
  /** Null when the family runs; otherwise what is missing (printed by the CLI). */
  notWired: string | null;
  /**
   * Optional table builder for families @peftbench/reports has no layout for (E2E): a module exporting
   * `(o: {resultsDir, sweep, outDir}) => Promise<{markdown, files}>`, called by the CLI after a sweep.
   */
  report?: { module: string; export: string };
}

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/** GLUE task ids follow the hub's nyu-mll/glue config names. */
export const glueTasks = ['cola', 'sst2', 'mrpc', 'stsb', 'qqp', 'mnli', 'qnli', 'rte', 'wnli'] as const;
/** Method ids = the packages in packages/methods (the GLUE run of issue 3 wires the first four). */
export const peftMethods = ['full-ft', 'bitfit', 'lora', 'red', 'it-tuning', 'id3', 'repeat-d3', 'pafi', 'fish', 'random-mask'] as const;

export const families: Record<Family, FamilyEntry> = {
  glue: {
    tasks: glueTasks,
    methods: peftMethods,
    runModule: here('./families/glue-run.ts'),
    runExport: 'runGlue',
    prepareExport: 'prepareGlue',
    notWired: null,
  },
  e2e: {
    tasks: ['e2e'],
    methods: peftMethods,
    runModule: here('./families/e2e-run.ts'),
    runExport: 'runE2e',
    prepareExport: 'prepareE2e',
    notWired: null,
    report: { module: here('./families/e2e-table.ts'), export: 'writeE2eReport' },
  },
  math: {
    // math10k: one run trains once (Math10K, or demo arithmetic) and scores every eval set (LLM-Adapters)
    tasks: ['math10k', 'gsm8k', 'svamp', 'mawps', 'addsub', 'multiarith', 'singleeq', 'aqua'],
    methods: peftMethods,
    runModule: here('./families/math-run.ts'),
    runExport: 'runMath',
    prepareExport: 'prepareMath',
    notWired: null,
    report: { module: here('./families/math-table.ts'), export: 'writeMathReport' },
  },
  conll: {
    tasks: ['conll2003'],
    methods: peftMethods,
    runModule: here('./families/conll-run.ts'),
    runExport: 'runConll',
    prepareExport: 'prepareConll',
    notWired: null,
  },
};
