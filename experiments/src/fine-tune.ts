/**
 * The one fine-tuning path every family uses: the run's method applied to a loaded model, the trainer set up
 * from the run's hyperparameters (every knob of runHyperSchema), training with checkpoint selection, and the
 * trainable parameters counted after training (selective methods such as ID3 choose their entries while
 * training). A family keeps only its data (batches) and its evaluation (selection metric, report metrics).
 */
import { backendInfo, getMethod, parseMethodConfig, train, type AppliedMethod, type Batch, type PreTrainedModel, type TaskSpec, type TrainResult } from '@peftbench/core';
import { InputError, Rng } from '@peftbench/util';
import { families } from './families.ts';
import './methods.ts';
import { runHyperSchema, type RunProgress, type RunSpec, type SelectiveRecord, type TrainHistory } from './run-types.ts';
import { selectiveRecordOf, selectiveView } from './selective-record.ts';
import { memoryDecisionOf, memoryLogLine, planRunForSpec } from './memory-plan.ts';

export interface FineTuneArgs {
  spec: RunSpec;
  model: PreTrainedModel;
  /** The model's tokenizer (methods may resolve token ids against it: PeftMethod.resolveConfig). */
  tokenizer: unknown;
  task: TaskSpec;
  /** Batches over the training examples: `shuffle` with `rng` (seeded by the run) when training. */
  batches: (o: { batchSize: number; shuffle: boolean; rng: Rng }) => Iterable<Batch>;
  /** Training examples (after trainLimit): sets the steps per epoch. */
  trainSize: number;
  /** The checkpoint-selection evaluation on the selection split. */
  selection: { metric: string; mode: 'max' | 'min'; evaluate: () => Record<string, number> };
  onProgress: (p: RunProgress) => void;
}

export interface FineTuneResult {
  result: TrainResult;
  applied: AppliedMethod;
  /** Trainable scalars after training (the final update masks). */
  trainableParams: number;
  history: TrainHistory;
  /** Selective methods: budget-checkpoint scores and sparsity statistics (selective-record.ts). */
  selective?: SelectiveRecord;
}

/** The method's config for this run: resolved against the tokenizer, then validated by the method's schema. */
export function methodConfigOf(spec: RunSpec, tokenizer: unknown, task: TaskSpec): unknown {
  const method = getMethod(spec.method);
  const raw = method.resolveConfig ? method.resolveConfig(spec.methodConfig, { tokenizer, family: spec.family, task }) : spec.methodConfig;
  return parseMethodConfig(method, raw, `run ${spec.id} method '${spec.method}' config`);
}

/**
 * The run's hyperparameters against runHyperSchema + its family's settings, at the start of a run: the sweep
 * expansion checks them already; a RunSpec built in code (tests, other tools) gets the same errors.
 */
export function checkRunHyper(spec: RunSpec): void {
  const r = runHyperSchema.extend(families[spec.family].extraSchema.shape).strict().safeParse(spec.hyper);
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.');
    throw new InputError(`run ${spec.id} [hyper.${key}]: ${issue.code === 'unrecognized_keys' ? `unknown key '${key}'` : issue.message}`);
  }
}

/** A seeded sample of `limit` training items (all of them without a limit), in their original order type. */
export function trainSample<T>(items: readonly T[], spec: RunSpec): T[] {
  const limit = spec.hyper.trainLimit;
  return limit ? new Rng(spec.seed).shuffle(items.slice()).slice(0, limit) : items.slice();
}

/** The first `evalLimit` items of an evaluation split (all without a limit). */
export function evalSample<T>(items: readonly T[], spec: RunSpec): T[] {
  const limit = spec.hyper.evalLimit;
  return limit ? items.slice(0, limit) : items.slice();
}

export async function fineTune(a: FineTuneArgs): Promise<FineTuneResult> {
  const { spec, model } = a;
  const h = spec.hyper;
  const method = getMethod(spec.method);
  const config = methodConfigOf(spec, a.tokenizer, a.task);
  const applied = method.apply(model, config, a.task);
  const selective = selectiveView(applied);
  const accumulation = h.gradAccum ?? 1;
  const history: TrainHistory = { step: [], loss: [], lr: [], gradNorm: [] };
  // the run's log (logs/<run-id>.log): what ran, every ~5% of the steps, every evaluation
  console.log(`run ${spec.id}: ${spec.family}/${spec.task} ${spec.method} ${JSON.stringify(config)}; ${model.params.countTrainable()} trainable at the start; ${a.trainSize} training examples`);
  console.log(`hyper ${JSON.stringify(h)}`);
  // memory plan (memory-plan.ts): made before loading by the family; else here, from the loaded model's config
  let memory = memoryDecisionOf(spec);
  if (memory === undefined) memory = planRunForSpec({ spec, config: model.config, task: a.task, backend: backendInfo()?.name ?? 'cpu', methodConfig: config });
  if (memory) console.log(memoryLogLine(spec, memory));
  // wasm: a frozen backbone that fits the heap only without XNNPACK's kept weight packs multiplies per product
  model.releaseWeightPacks = memory?.plan.weightPacks === 'per-product';
  const microBatch = memory ? memory.microBatch : typeof h.microBatch === 'number' ? h.microBatch : undefined;
  let logEvery = 1;
  const result = await train({
    model,
    applied,
    trainBatches: (epoch) => a.batches({ batchSize: h.batchSize, shuffle: true, rng: new Rng(spec.seed * 7919 + epoch) }),
    prepareBatches: (bs) => a.batches({ batchSize: bs, shuffle: true, rng: new Rng(spec.seed) }),
    stepsPerEpoch: Math.ceil(a.trainSize / h.batchSize),
    epochs: h.epochs,
    maxSteps: h.maxSteps,
    learningRate: h.learningRate,
    weightDecay: h.weightDecay,
    schedule: { kind: h.lrSchedule ?? 'linear', warmupRatio: h.warmupRatio },
    gradientAccumulation: accumulation,
    maxGradNorm: h.gradClip ? h.gradClip : undefined,
    recordGradNorm: true,
    microBatchSize: microBatch !== undefined && microBatch < h.batchSize ? microBatch : undefined,
    gradientCheckpointing: h.gradientCheckpointing,
    seed: spec.seed,
    evaluation: {
      every: h.evalEvery ?? 'epoch',
      metric: a.selection.metric,
      mode: a.selection.mode,
      evaluate: () => {
        a.onProgress({ phase: 'eval', step: 0, totalSteps: 0 });
        const metrics = a.selection.evaluate();
        console.log(`eval after step ${history.step.at(-1) ?? 0} on ${spec.protocol === 'red-split' ? 'the validation half' : 'dev'} (fractions): ${Object.entries(metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
        return metrics;
      },
    },
    onProgress: (p) => {
      history.step.push(p.step);
      history.loss.push(p.loss);
      history.lr.push(p.learningRate);
      history.gradNorm!.push(p.gradNorm ?? NaN);
      if (p.step === 1) logEvery = Math.max(1, Math.floor(p.totalSteps / 20));
      if (p.step % logEvery === 0 || p.step === p.totalSteps) console.log(`step ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(4)} lr ${p.learningRate.toExponential(3)} grad-norm ${p.gradNorm?.toFixed(4) ?? '-'}`);
      a.onProgress({ phase: 'train', step: p.step, totalSteps: p.totalSteps, loss: p.loss });
      selective?.afterStep(p.step); // a snapshot at the budget the last update reached
    },
  });
  const trainableParams = model.params.countTrainable();
  console.log(`${result.status}: ${result.steps} steps; ${trainableParams} trainable parameters after training; ${result.best ? `selected step ${result.best.step} (${result.best.metric} ${result.best.value.toFixed(4)})` : 'no checkpoint selected'}`);
  // each budget snapshot scored with the selection evaluation, on the model as it was then (then restored)
  const selectiveRecord = selective && result.status === 'ok' ? await selectiveRecordOf(selective, a.selection.evaluate) : undefined;
  return { result, applied, trainableParams, history, selective: selectiveRecord };
}
