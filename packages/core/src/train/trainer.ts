/**
 * The training loop: AdamW over the trainable parameters only (frozen weights get no gradient, which is
 * where PEFT saves time), a learning-rate schedule, gradient accumulation and clipping, evaluation every N
 * steps or each epoch with best-checkpoint selection on a named metric, early stopping, and a NaN/Inf
 * guard that ends the run as "diverged" instead of throwing.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AppliedMethod, PrepareContext } from '../method.ts';
import type { PreTrainedModel } from '../models/base.ts';
import { computeLoss, type Batch } from './losses.ts';
import { AdamW, clipGradNorm, globalGradNorm } from './optimizer.ts';
import { lrMultiplier, type ScheduleConfig } from './schedule.ts';
import { gradientsInMicroBatches } from './micro-batch.ts';

export interface TrainOptions {
  model: PreTrainedModel;
  applied?: AppliedMethod;
  /** Training batches of one epoch, in the run's seeded order (the caller shuffles with the seed). */
  trainBatches: (epoch: number) => Iterable<Batch>;
  stepsPerEpoch: number;
  epochs: number;
  /** Stop after this many optimizer steps (overrides epochs × stepsPerEpoch when smaller). */
  maxSteps?: number;
  learningRate: number;
  weightDecay?: number;
  betas?: [number, number];
  eps?: number;
  schedule?: Partial<ScheduleConfig>;
  gradientAccumulation?: number;
  maxGradNorm?: number;
  labelSmoothing?: number;
  /** Seeds dropout (and methods' own randomness); data order is the caller's. */
  seed: number;
  evaluation?: {
    /** 'epoch' or every N optimizer steps. */
    every: 'epoch' | number;
    evaluate: (model: PreTrainedModel) => Promise<Record<string, number>> | Record<string, number>;
    /** Metric that selects the best checkpoint, and its direction. */
    metric: string;
    mode?: 'max' | 'min';
    /** Stop after this many evaluations without improvement. */
    patience?: number;
    /** Put the best checkpoint's parameters back at the end (default true). */
    restoreBest?: boolean;
  };
  /** Called before training with gradient access, for methods that score on data (Fish). */
  prepareBatches?: (batchSize: number) => Iterable<Batch>;
  onProgress?: (p: TrainProgress) => void;
  /** Replace the task loss (e.g. pretraining objectives beyond the head's own). Default: computeLoss. */
  loss?: LossFn;
  /** Report the global gradient norm (before clipping) in each step's progress (one extra reduction per step when not clipping). */
  recordGradNorm?: boolean;
  /** Rows per forward/backward: each batch's gradient is computed in micro-batches of this size (memory plan, `--micro-batch auto`). */
  microBatchSize?: number;
  /** Activation recomputation per layer (sets `model.gradientCheckpointing` for the run). */
  gradientCheckpointing?: boolean;
}

export type LossFn = (model: PreTrainedModel, batch: Batch, opts: { training: boolean; labelSmoothing?: number }) => tf.Scalar;

export interface TrainProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  learningRate: number;
  /** Global gradient norm before clipping (with `recordGradNorm` or `maxGradNorm`). */
  gradNorm?: number;
}

export interface EvalRecord {
  step: number;
  epoch: number;
  metrics: Record<string, number>;
}

export interface TrainResult {
  status: 'ok' | 'diverged';
  message?: string;
  steps: number;
  losses: number[];
  evals: EvalRecord[];
  best: (EvalRecord & { metric: string; value: number }) | null;
}

/** Gradients of the loss on `batch` for the named trainable parameters. */
export function gradientsOf(model: PreTrainedModel, batch: Batch, names: string[], opts: { training?: boolean; labelSmoothing?: number; loss?: LossFn } = {}): { loss: number; grads: Map<string, tf.Tensor> } {
  const vars = names.map((n) => model.params.get(n).variable);
  const byVar = new Map(vars.map((v, i) => [v.name, names[i]]));
  const lossFn = opts.loss ?? computeLoss;
  const { value, grads } = tf.variableGrads(() => lossFn(model, batch, { training: opts.training ?? true, labelSmoothing: opts.labelSmoothing }), vars);
  const loss = value.dataSync()[0];
  value.dispose();
  const out = new Map<string, tf.Tensor>();
  for (const [varName, g] of Object.entries(grads)) out.set(byVar.get(varName)!, g);
  return { loss, grads: out };
}

export async function train(opts: TrainOptions): Promise<TrainResult> {
  const { model, applied } = opts;
  model.seedDropout(opts.seed);
  if (opts.gradientCheckpointing !== undefined) model.gradientCheckpointing = opts.gradientCheckpointing;
  const accumulation = opts.gradientAccumulation ?? 1;
  const stepsPerEpoch = Math.max(1, Math.floor(opts.stepsPerEpoch / accumulation));
  const totalSteps = Math.min(opts.maxSteps ?? Infinity, stepsPerEpoch * opts.epochs);
  const optimizer = new AdamW(model.params, { betas: opts.betas, eps: opts.eps, weightDecay: opts.weightDecay ?? 0, groups: applied?.groups });
  const result: TrainResult = { status: 'ok', steps: 0, losses: [], evals: [], best: null };
  const ev = opts.evaluation;
  const better = (a: number, b: number) => ((ev?.mode ?? 'max') === 'max' ? a > b : a < b);
  let bestSnapshot: Map<string, tf.Tensor> | null = null;
  let sinceBest = 0;

  if (applied?.prepare) {
    const ctx: PrepareContext = {
      batches: (bs) => {
        if (!opts.prepareBatches) throw new Error('this method needs training batches before training (prepareBatches)');
        return opts.prepareBatches(bs);
      },
      gradients: (batch, names) => gradientsOf(model, batch as Batch, names, { training: false }).grads,
      seed: opts.seed,
    };
    await applied.prepare(ctx);
  }

  const evaluate = async (epoch: number): Promise<boolean> => {
    if (!ev) return false;
    const metrics = await ev.evaluate(model);
    const rec = { step: result.steps, epoch, metrics };
    result.evals.push(rec);
    const value = metrics[ev.metric];
    if (value === undefined) throw new Error(`evaluation returned no '${ev.metric}' (got: ${Object.keys(metrics).join(', ')})`);
    if (!result.best || better(value, result.best.value)) {
      result.best = { ...rec, metric: ev.metric, value };
      sinceBest = 0;
      if (ev.restoreBest ?? true) {
        bestSnapshot?.forEach((t) => t.dispose());
        bestSnapshot = new Map(model.params.trainable().map((p) => [p.name, tf.clone(p.variable)]));
      }
    } else {
      sinceBest += 1;
    }
    return ev.patience !== undefined && sinceBest >= ev.patience;
  };

  let stop = false;
  for (let epoch = 0; epoch < opts.epochs && !stop && result.steps < totalSteps; epoch++) {
    const iterator = opts.trainBatches(epoch)[Symbol.iterator]();
    for (let s = 0; s < stepsPerEpoch && result.steps < totalSteps; s++) {
      const names = model.params.trainable().map((p) => p.name);
      let grads: Map<string, tf.Tensor> | null = null;
      let lossSum = 0;
      for (let a = 0; a < accumulation; a++) {
        const next = iterator.next();
        if (next.done) break;
        const gradOpts = { training: true, labelSmoothing: opts.labelSmoothing, loss: opts.loss };
        const r = opts.microBatchSize ? gradientsInMicroBatches(model, next.value, names, opts.microBatchSize, gradOpts) : gradientsOf(model, next.value, names, gradOpts);
        lossSum += r.loss;
        if (!grads) grads = r.grads;
        else for (const [k, g] of r.grads) {
          const sum = tf.add(grads.get(k)!, g);
          grads.get(k)!.dispose();
          g.dispose();
          grads.set(k, sum);
        }
      }
      if (!grads) break; // epoch ran out of batches
      const loss = lossSum / accumulation;
      if (!Number.isFinite(loss)) {
        grads.forEach((g) => g.dispose());
        result.status = 'diverged';
        result.message = `loss became ${loss} at step ${result.steps} (epoch ${epoch})`;
        stop = true;
        break;
      }
      if (accumulation > 1) for (const [k, g] of grads) {
        grads.set(k, tf.div(g, accumulation));
        g.dispose();
      }
      let gradNorm: number | undefined;
      if (opts.maxGradNorm !== undefined) gradNorm = clipGradNorm(grads, opts.maxGradNorm);
      else if (opts.recordGradNorm) gradNorm = globalGradNorm(grads);
      applied?.beforeUpdate?.({ step: result.steps, totalSteps, grads, params: new Map(model.params.all().map((p) => [p.name, p])) });
      const lr = opts.learningRate * lrMultiplier(opts.schedule ?? {}, result.steps, totalSteps);
      optimizer.step(grads, lr);
      grads.forEach((g) => g.dispose());
      result.steps += 1;
      result.losses.push(loss);
      opts.onProgress?.({ step: result.steps, totalSteps, epoch, loss, learningRate: lr, gradNorm });
      if (ev && typeof ev.every === 'number' && result.steps % ev.every === 0) stop = await evaluate(epoch);
      if (stop) break;
    }
    if (!stop && ev?.every === 'epoch' && result.status === 'ok') stop = await evaluate(epoch);
  }
  if (ev && result.status === 'ok' && (result.evals.length === 0 || result.evals[result.evals.length - 1].step !== result.steps)) {
    if (typeof ev.every === 'number') await evaluate(Math.max(0, Math.ceil(result.steps / stepsPerEpoch) - 1));
  }
  const snapshot = bestSnapshot as Map<string, tf.Tensor> | null;
  if (snapshot) {
    for (const [name, t] of snapshot) {
      model.params.get(name).variable.assign(t);
      t.dispose();
    }
  }
  optimizer.dispose();
  return result;
}
