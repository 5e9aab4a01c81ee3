/**
 * The seam between the sweep runner and the code that trains one model. A run is a pure function of its
 * RunSpec (seed included): the runner never looks inside, it only schedules, records and resumes.
 */
import { z } from 'zod';

export type Family = 'glue' | 'e2e' | 'math' | 'conll';
export type DataSource = { kind: 'demo' } | { kind: 'folder'; dir: string } | { kind: 'hub' };
/** Same names as @peftbench/datasets' PROTOCOLS. */
export type Protocol = 'dev' | 'red-split' | 'id3';

const positive = z.number().positive();
const positiveInt = z.number().int().positive();

/**
 * Every trainer knob a run has, each consumed by `fineTune` (fine-tune.ts) for every family: a sweep key that
 * is neither here nor in its family's `extraSchema` is refused when the sweep loads (sweep-expand.ts).
 */
export const runHyperSchema = z
  .object({
    learningRate: positive.describe('peak learning rate (AdamW)'),
    batchSize: positiveInt.describe('examples per optimizer step'),
    epochs: positive.describe('passes over the training set'),
    maxSteps: positiveInt.optional().describe('stop after this many optimizer steps even if epochs remain'),
    maxLength: positiveInt.describe('truncate encoded inputs to this many tokens (at most the model\'s positions)'),
    warmupRatio: z.number().min(0).max(1).describe('linear warmup over this fraction of the steps'),
    weightDecay: z.number().min(0).describe('AdamW decoupled weight decay'),
    evalEvery: positiveInt.optional().describe('evaluate every N steps (default: once per epoch)'),
    lrSchedule: z.enum(['linear', 'constant', 'cosine']).optional().describe('learning-rate decay after warmup (default linear)'),
    gradClip: z.number().min(0).optional().describe('clip the global gradient norm (0 or absent = off)'),
    gradAccum: positiveInt.optional().describe('micro-batches per optimizer step (batchSize each; default 1)'),
    microBatch: z
      .union([z.literal('auto'), positiveInt])
      .optional()
      .describe("rows per forward/backward: each batch's gradient is summed over micro-batches of this size (same gradients, less memory); 'auto' = the largest whose planned peak fits the backend's memory (default: the whole batch)"),
    gradientCheckpointing: z.boolean().optional().describe('recompute each layer\'s activations in the backward pass instead of keeping them (same gradients, ~1/3 more compute, much less memory)'),
    trainLimit: positiveInt.optional().describe('train on a seeded sample of N training examples (quick runs)'),
    evalLimit: positiveInt.optional().describe('evaluate on the first N examples of each evaluation split (quick runs)'),
  })
  .strict();

/** The knobs of one run: runHyperSchema plus its family's extra settings (validated against both). */
export type Hyper = z.infer<typeof runHyperSchema> & Record<string, unknown>;

/** One fully expanded run. */
export interface RunSpec {
  sweep: string;
  /** `<task>-<method>-s<seed>-<hash>`: the hash covers every field except `sweep` and `id` (resume key). */
  id: string;
  family: Family;
  task: string;
  method: string;
  methodConfig: Record<string, unknown>;
  seed: number;
  /** 'pretrain:<recipe>' | 'local:<dir>' | 'hf:<id>' */
  model: string;
  data: DataSource;
  /**
   * 'dev': select and report on the dev set (IT-Tuning); 'red-split': dev shuffled with the seed and split
   * into validation/test (RED); 'id3': dev, evaluated every Eval_Steps (ID3 Table 7b).
   */
  protocol: Protocol;
  hyper: Hyper;
}

export interface RunProgress {
  step: number;
  totalSteps: number;
  loss?: number;
  /** e.g. 'pretrain', 'load', 'train', 'eval' */
  phase: string;
}

/**
 * What a run function returns. Metrics are fractions as the metric functions compute them (accuracy 0.853,
 * MCC 0.41, Pearson 0.87); reports scale them by 100 to match the papers. Metric keys are those of
 * @peftbench/metrics' glueTaskMetrics (accuracy, f1, accAndF1, mcc, pearson, spearman, pearsonSpearmanMean);
 * MNLI: accuracy = matched, accuracy_mm = mismatched.
 */
export interface RunResult {
  status: 'ok' | 'diverged' | 'failed';
  message?: string;
  trainableParams: number;
  /** One entry per evaluation; `metrics` are on the selection split (dev, or RED's validation half). */
  evals: { step: number; epoch: number; metrics: Record<string, number> }[];
  /**
   * The selected checkpoint: `metric` is the task's selection metric, `value` its value on the selection
   * split; `testMetrics` the metrics of that checkpoint on the report split (red-split only).
   */
  best: { metric: string; value: number; step: number; testMetrics?: Record<string, number> } | null;
  backend: { name: string; threads: number; versions: Record<string, string> };
  wallSeconds: number;
  /** Per optimizer step (compact parallel arrays): loss, learning rate and global gradient norm. */
  history?: TrainHistory;
  /**
   * The model and data the run used, with their hub commits where they came from the hub; `memory`: the
   * memory plan of the step (micro-batch chosen, recomputation, the plan's peak estimate and the limit).
   */
  provenance?: { model: string; modelCommit?: string; data: string; dataCommit?: string; memory?: MemoryProvenance };
  /** Examples used (after trainLimit / evalLimit): training, selection split, report split. */
  data?: { train: number; selection: number; report: number };
  /** Selective methods (selective-record.ts): each checkpoint budget's snapshot scored on the selection split (ID3 Figure 5). */
  budgetScores?: BudgetScore[];
  /** Selective methods: tensor sparsity / sparsity entropy of the updated entries per training iteration (ID3 Figures 8 / 9). */
  sparsityTrace?: SparsityPoint[];
  /** Selective methods: the same per transformer layer after training. */
  layerStats?: LayerStat[];
}

/** One snapshot of a selective run: the checkpoint budget, |Λ| and optimizer steps when it was taken, its scores. */
export interface BudgetScore {
  budget: number;
  budgetUsed: number;
  step: number;
  metrics: Record<string, number>;
}
/** @peftbench/selective's SelectionTracePoint. */
export interface SparsityPoint {
  step: number;
  budgetUsed: number;
  tensors: number;
  tensorSparsity: number;
  entropy: number;
  entropyNormalized: number;
}
/** @peftbench/selective's LayerStats. */
export interface LayerStat {
  layer: number;
  tensors: number;
  chosen: number;
  size: number;
  sparsity: number;
  entropy: number;
  density: number;
  share: number;
}
export type SelectiveRecord = Pick<RunResult, 'budgetScores' | 'sparsityTrace' | 'layerStats'>;

/** What the memory plan decided for a run (experiments/src/memory-plan.ts). */
export interface MemoryProvenance {
  backend: string;
  /** Rows per forward/backward and forward/backward passes per optimizer step. */
  microBatch: number;
  microBatches: number;
  /** What the run spec asked: 'auto', a number, or absent (the whole batch). */
  requested?: 'auto' | number;
  gradientCheckpointing: boolean;
  /** wasm: XNNPACK's packed weight copies kept all run, or made per product for frozen weights (PreTrainedModel.releaseWeightPacks). */
  weightPacks?: 'kept' | 'per-product';
  /** The plan's estimated peak and the backend's limit (null: unknown), bytes. */
  peakBytes: number;
  limitBytes: number | null;
  /** The plan in one line (parts of the estimate). */
  summary: string;
}

export interface TrainHistory {
  step: number[];
  loss: number[];
  lr: number[];
  gradNorm?: number[];
}

export type RunFn = (spec: RunSpec, onProgress: (p: RunProgress) => void) => Promise<RunResult>;

/**
 * Optional, exported beside a RunFn: work shared by many runs (pretraining the tiny encoder, downloading a
 * hub model or dataset), done ONCE before the runs start, so that parallel workers do not all do it at
 * the same time. Gets every run still to do; must be idempotent (a cache), since a killed sweep repeats it.
 */
export type PrepareFn = (specs: RunSpec[], onProgress: (p: RunProgress) => void) => Promise<void>;

// ---- validation of what a run function hands back (it may be buggy; the record must stay readable) ----

/** JSON has no NaN/Infinity: a non-finite metric is stored as null (and marks the run diverged). */
const metricValue = z.number().nullable();
const metricMap = z.record(z.string(), metricValue);

export const runResultSchema = z.object({
  status: z.enum(['ok', 'diverged', 'failed']),
  message: z.string().optional(),
  trainableParams: z.number().int().nonnegative(),
  evals: z.array(z.object({ step: z.number(), epoch: z.number(), metrics: metricMap })),
  best: z
    .object({ metric: z.string(), value: metricValue, step: z.number(), testMetrics: metricMap.optional() })
    .nullable(),
  backend: z.object({ name: z.string(), threads: z.number(), versions: z.record(z.string(), z.string()) }),
  wallSeconds: z.number().nonnegative(),
  history: z
    .object({
      step: z.array(z.number().int().nonnegative()),
      loss: z.array(metricValue),
      lr: z.array(z.number()),
      gradNorm: z.array(metricValue).optional(),
    })
    .optional(),
  data: z.object({ train: z.number().int().nonnegative(), selection: z.number().int().nonnegative(), report: z.number().int().nonnegative() }).optional(),
  // selective methods (ID3 Figures 5, 8, 9); reports/src/record-check.ts reads the same shapes
  budgetScores: z.array(z.object({ budget: z.number().int().positive(), budgetUsed: z.number().int().nonnegative(), step: z.number().int().nonnegative(), metrics: metricMap })).optional(),
  sparsityTrace: z
    .array(z.object({ step: z.number().int().nonnegative(), budgetUsed: z.number().int().nonnegative(), tensors: z.number().int().nonnegative(), tensorSparsity: metricValue, entropy: metricValue, entropyNormalized: metricValue }))
    .optional(),
  layerStats: z
    .array(z.object({ layer: z.number().int().nonnegative(), tensors: z.number().int().nonnegative(), chosen: z.number().int().nonnegative(), size: z.number().int().nonnegative(), sparsity: metricValue, entropy: metricValue, density: metricValue, share: metricValue }))
    .optional(),
  provenance: z
    .object({
      model: z.string(),
      modelCommit: z.string().optional(),
      data: z.string(),
      dataCommit: z.string().optional(),
      memory: z
        .object({
          backend: z.string(),
          microBatch: z.number().int().positive(),
          microBatches: z.number().int().positive(),
          requested: z.union([z.literal('auto'), z.number()]).optional(),
          gradientCheckpointing: z.boolean(),
          weightPacks: z.enum(['kept', 'per-product']).optional(),
          peakBytes: z.number().nonnegative(),
          limitBytes: z.number().nullable(),
          summary: z.string(),
        })
        .optional(),
    })
    .optional(),
});

/** RunResult as stored: metric values may be null (they were NaN or infinite). */
export type StoredRunResult = z.infer<typeof runResultSchema>;
