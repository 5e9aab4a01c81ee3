/**
 * Which tasks each family knows, the settings it reads beyond the common hyperparameters, and which module holds its run function. The runner loads
 * the run function by module path (in a child process), so wiring a family is a one-file change.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MATH_EVAL_SETS } from '@peftbench/datasets';
import type { Family } from './run-types.ts';

export interface FamilyEntry {
  tasks: readonly string[];
  /**
   * Settings this family reads beyond the common run hyperparameters (run-types.ts runHyperSchema), given in a
   * sweep's `extra:` blocks. Every key is optional; a key no schema declares is refused when the sweep loads.
   */
  extraSchema: z.ZodObject<Record<string, z.ZodType>>;
  /** Absolute path of the module exporting the RunFn, and the export's name. */
  runModule: string;
  runExport: string;
  /** Optional PrepareFn exported by the same module (shared work done once before the runs). */
  prepareExport?: string;
  /** Null when the family runs; otherwise what is missing (printed by the CLI). */
  notWired: string | null;
}

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/** GLUE task ids follow the hub's nyu-mll/glue config names. */
export const glueTasks = ['cola', 'sst2', 'mrpc', 'stsb', 'qqp', 'mnli', 'qnli', 'rte', 'wnli'] as const;
const positiveInt = z.number().int().positive();

/** E2E decoding and input layout (e2e-settings.ts); defaults are the method paper's (PeftMethod.familyDefaults.e2e). */
export const e2eExtraSchema = z
  .object({
    mrFormat: z.enum(['raw', 'table']).optional().describe("MR as input: 'raw' CSV string or the linearised 'table'"),
    maxSource: positiveInt.optional().describe('MR + EOS tokens (default 64)'),
    numBeams: positiveInt.optional().describe('beam width (default 10)'),
    noRepeatNgramSize: z.number().int().nonnegative().optional().describe('no repeated n-grams of this size (default 4)'),
    lengthPenalty: z.number().finite().optional().describe('beam length penalty (default 0.9)'),
    maxNewTokens: positiveInt.optional().describe('generated tokens per MR (default 64)'),
    genBatchSize: positiveInt.optional().describe('prompts per generate() call (default 16)'),
  })
  .strict();

/** Math evaluation (math-settings.ts). */
export const mathExtraSchema = z
  .object({
    /** Comma-separated (a list in `extra` would be a grid axis). */
    evalSets: z
      .string()
      .transform((v) => v.split(',').map((x) => x.trim()))
      .pipe(z.array(z.enum(MATH_EVAL_SETS)).min(1))
      .optional()
      .describe('comma-separated eval sets to score (default: the task\'s)'),
    maxNewTokens: positiveInt.optional().describe('generated tokens per problem (default 64)'),
    genBatchSize: positiveInt.optional().describe('prompts per generate() call (default 16)'),
  })
  .strict();

const noExtra = z.object({}).strict();

export const families: Record<Family, FamilyEntry> = {
  glue: {
    tasks: glueTasks,
    extraSchema: noExtra,
    runModule: here('./families/glue-run.ts'),
    runExport: 'runGlue',
    prepareExport: 'prepareGlue',
    notWired: null,
  },
  e2e: {
    tasks: ['e2e'],
    extraSchema: e2eExtraSchema,
    runModule: here('./families/e2e-run.ts'),
    runExport: 'runE2e',
    prepareExport: 'prepareE2e',
    notWired: null,
  },
  math: {
    // math10k: one run trains once (Math10K, or demo arithmetic) and scores every eval set (LLM-Adapters)
    tasks: ['math10k', 'gsm8k', 'svamp', 'mawps', 'addsub', 'multiarith', 'singleeq', 'aqua'],
    extraSchema: mathExtraSchema,
    runModule: here('./families/math-run.ts'),
    runExport: 'runMath',
    prepareExport: 'prepareMath',
    notWired: null,
  },
  conll: {
    tasks: ['conll2003'],
    extraSchema: noExtra,
    runModule: here('./families/conll-run.ts'),
    runExport: 'runConll',
    prepareExport: 'prepareConll',
    notWired: null,
  },
};
