/**
 * The sweep file format (YAML). A sweep is data: which runs to make, nothing about how to make them.
 * Every hyperparameter may be a scalar or a list; lists are grid axes (see sweep-expand.ts).
 */
import { z } from 'zod';
import { layouts } from '@peftbench/reports';
import { executorSchema } from './executors/slurm-config.ts';

const scalar = z.union([z.number(), z.string(), z.boolean()]);
/** One value, or a list of values to sweep over. */
const axis = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]);

const positive = z.number().positive();
const positiveInt = z.number().int().positive();
const fraction = z.number().min(0).max(1);

/** Known hyperparameters are checked by name so that a typo ('learningrate') is an error, not a no-op. */
export const hyperLayerSchema = z
  .object({
    learningRate: axis(positive).describe('peak learning rate (AdamW)'),
    batchSize: axis(positiveInt).describe('examples per optimizer step'),
    epochs: axis(positive).describe('passes over the training set'),
    maxSteps: axis(positiveInt).describe('stop after this many steps even if epochs remain'),
    maxLength: axis(positiveInt).describe('truncate encoded inputs to this many tokens'),
    warmupRatio: axis(fraction).describe('linear warmup over this fraction of the steps'),
    weightDecay: axis(z.number().min(0)).describe('AdamW decoupled weight decay'),
    evalEvery: axis(positiveInt).describe('evaluate every N steps (default: once per epoch)'),
    lrSchedule: axis(z.enum(['linear', 'constant', 'cosine'])).describe('learning-rate decay after warmup'),
    gradClip: axis(z.number().min(0)).describe('clip the global gradient norm (0 = off)'),
    microBatch: axis(z.union([z.literal('auto'), positiveInt])).describe("rows per forward/backward ('auto': the largest that fits the backend's memory, from the memory plan)"),
    gradientCheckpointing: axis(z.boolean()).describe('recompute activations per layer in the backward pass (less memory, same gradients)'),
    trainLimit: axis(positiveInt).describe('use only the first N training examples (quick runs)'),
    evalLimit: axis(positiveInt).describe('use only the first N evaluation examples (quick runs)'),
    extra: z.record(z.string(), axis(scalar)).describe('anything else the run function reads, passed through'),
  })
  .partial()
  .strict();
export type HyperLayer = z.infer<typeof hyperLayerSchema>;

const perTaskSchema = z.record(z.string(), hyperLayerSchema);

const methodEntrySchema = z.union([
  z.string(),
  z
    .object({
      name: z.string().describe('method id: full-ft, bitfit, lora, red'),
      /** Passed to the method package unchanged; its own schema validates it when the run starts. */
      config: z.record(z.string(), z.unknown()).default({}),
      hyper: hyperLayerSchema.default({}),
      perTask: perTaskSchema.default({}),
    })
    .strict(),
]);

const dataSchema = z.union([
  z.literal('demo'),
  z.literal('hub'),
  z.object({ folder: z.string().min(1).describe('GLUE folder in the official layout, relative to this file') }).strict(),
]);

const aggregationSchema = z.union([
  z.literal('mean-std'),
  z
    .object({ rule: z.literal('best-k-of-n'), k: positiveInt.describe('keep the k best seeds (ID3: 3 of 4)') })
    .strict(),
  z.object({ rule: z.literal('mean-std') }).strict(),
]);

/** Report layouts by id (reports/README.md lists them): a sweep names the tables its runs fill. */
export const reportTableIds = Object.keys(layouts) as [string, ...string[]];

export const sweepFileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, . _ -').optional(),
    description: z.string().optional(),
    family: z.enum(['glue', 'e2e', 'math', 'conll']),
    model: z.string().regex(/^(pretrain|local|hf):.+$/, "expected 'pretrain:<recipe>', 'local:<dir>' or 'hf:<id>'"),
    data: dataSchema,
    protocol: z.enum(['dev', 'red-split', 'id3']),
    tasks: z.array(z.string()).min(1),
    seeds: z.array(z.number().int().nonnegative()).min(1),
    methods: z.array(methodEntrySchema).min(1),
    /**
     * Entries used only when a method is named with --methods and not listed under `methods` (settings that fit
     * this sweep's model, e.g. a prompt short enough for a tiny encoder's positions); not run by default.
     */
    presets: z.array(methodEntrySchema).default([]),
    hyper: hyperLayerSchema.default({}),
    perTask: perTaskSchema.default({}),
    aggregation: aggregationSchema.default('mean-std'),
    report: z
      .object({
        tables: z.array(z.enum(reportTableIds)).default(['red-table1', 'it-tuning-table1']),
        /** Which paper row to compare with where a table has several backbones (RED: base / large). */
        paperModel: z.string().optional(),
        /** Printed under every table of this sweep's results, in the sweep file's own setting only (a --data or --model override drops them): what a reader needs to read the numbers, e.g. why a target cannot be met with this backbone. */
        notes: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .default({ tables: ['red-table1', 'it-tuning-table1'] }),
    /** Test doubles and experiments: `<module path relative to this file>#<export>` replaces the family's run. */
    runModule: z.string().regex(/^[^#]+#[A-Za-z_$][\w$]*$/, "expected '<path>#<exportName>'").optional(),
    /** With runModule: the name of a PrepareFn exported by the same module. */
    prepareExport: z.string().regex(/^[A-Za-z_$][\w$]*$/).optional(),
    /** Where the runs execute (local worker processes, or a Slurm array job); not part of any run id. */
    executor: executorSchema.optional(),
  })
  .strict();

export type SweepFile = z.infer<typeof sweepFileSchema>;
export type Aggregation = { rule: 'mean-std' } | { rule: 'best-k-of-n'; k: number };
