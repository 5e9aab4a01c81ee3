/**
 * The configurations the core bench times, each on its own copy of the reference encoder (same seed,
 * so the same weights): full fine-tuning, RED (frozen backbone, eq. 3 edit on every FFN output) and
 * LoRA r = 8 on query/value (HF PEFT defaults, α = 8), one train step each = what `train()` does per
 * optimizer step (gradientsOf over the trainable parameters, beforeUpdate, AdamW.step); plus a
 * forward-only pass (inference mode, no tape) of the unmodified model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { AdamW, computeLoss, createModel, getMethod, gradientsOf, parseHfConfig, parseMethodConfig, type AppliedMethod, type Batch, type PeftMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { encoderConfigJson, type EncoderShape } from './reference-encoder.ts';

export const VARIANT_NAMES = ['full-ft', 'red', 'lora', 'forward'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

/** Optimizer settings of every train step (performance-notes.md: lr 1e-4, weight decay 0.01). */
export const BENCH_LR = 1e-4;
export const BENCH_WEIGHT_DECAY = 0.01;
/** LoRA of the issue: r = 8 on HF PEFT's default targets for BERT (query, value), α = 8. */
export const BENCH_LORA_CONFIG = { r: 8, lora_alpha: 8 };

export interface Variant {
  name: VariantName;
  model: PreTrainedModel;
  applied?: AppliedMethod;
  trainableParams: number;
  /** One timed unit of work; returns the loss (train steps) or NaN (forward). */
  run(batch: Batch): number;
  dispose(): void;
}

/** T5 is encoder-decoder: core builds it for 'causal-lm' (seq2seq loss); the encoders classify 2 labels. */
export function taskOf(shape: EncoderShape): TaskSpec {
  return shape.arch === 't5' ? { kind: 'causal-lm' } : { kind: 'sequence-classification', numLabels: 2 };
}

function methodOf(name: Exclude<VariantName, 'forward'>): { method: PeftMethod; config: unknown } {
  // registered by @peftbench/discovery's loadMethods() (measureBackend / the torch peer call it first)
  return { method: getMethod(name), config: name === 'lora' ? BENCH_LORA_CONFIG : {} };
}

export function buildModel(shape: EncoderShape, seed: number): PreTrainedModel {
  return createModel(parseHfConfig(encoderConfigJson(shape), 'reference encoder'), taskOf(shape).kind, { seed });
}

function trainVariant(name: Exclude<VariantName, 'forward'>, shape: EncoderShape, seed: number): Variant {
  const { method, config } = methodOf(name);
  return trainStep(name, method, config, shape, seed);
}

/** One train step of `method` with `config` on a fresh copy of the reference encoder (same seed, same weights). */
function trainStep<N extends string>(name: N, method: PeftMethod, config: unknown, shape: EncoderShape, seed: number): Omit<Variant, 'name'> & { name: N } {
  const model = buildModel(shape, seed);
  let applied: AppliedMethod;
  try {
    applied = method.apply(model, parseMethodConfig(method, config), taskOf(shape));
  } catch (err) {
    model.dispose();
    throw err;
  }
  let names: string[] | undefined; // read at the first step: a method's prepare() may change what trains
  const optimizer = new AdamW(model.params, { weightDecay: BENCH_WEIGHT_DECAY, groups: applied.groups });
  const params = new Map(model.params.all().map((p) => [p.name, p]));
  let step = 0;
  model.seedDropout(seed);
  return {
    name,
    model,
    applied,
    trainableParams: model.params.countTrainable(),
    run(batch) {
      names ??= model.params.trainable().map((p) => p.name);
      const { loss, grads } = gradientsOf(model, batch, names, { training: true });
      applied.beforeUpdate?.({ step, totalSteps: Number.MAX_SAFE_INTEGER, grads, params });
      optimizer.step(grads, BENCH_LR);
      grads.forEach((g) => g.dispose());
      step += 1;
      return loss;
    },
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}

function forwardVariant(shape: EncoderShape, seed: number): Variant {
  const model = buildModel(shape, seed);
  return {
    name: 'forward',
    model,
    trainableParams: 0,
    run(batch) {
      tf.tidy(() => {
        model.forward(batch, { training: false }).logits!.dataSync();
      });
      return Number.NaN;
    },
    dispose: () => model.dispose(),
  };
}

/** A discovered method's row (`--methods`): its defaults, `parseMethodConfig(method, {})`. */
export interface MethodVariant extends Omit<Variant, 'name'> {
  name: string;
  label: string;
}

/**
 * Build a method's train step, run its prepare() on the bench batch if it has one, and one untimed probe step: a method that refuses the reference encoder
 * (apply throws, or its step does) comes back as `{ refused }` with the first line of the error.
 */
export async function buildMethodVariant(method: PeftMethod, shape: EncoderShape, seed: number, batch: Batch): Promise<MethodVariant | { name: string; refused: string }> {
  let v: ReturnType<typeof trainStep<string>> | undefined;
  try {
    v = trainStep(method.name, method, {}, shape, seed);
    const { model, applied } = v;
    // what train() does first (Fish, PaFi, sparse-adapter score or prune on training batches): here the bench batch
    await applied!.prepare?.({
      *batches() {
        yield batch;
      },
      gradients: (b, names) => gradientsOf(model, b as Batch, names, { training: false }).grads,
      seed,
    });
    v.trainableParams = model.params.countTrainable();
    const loss = v.run(batch);
    if (!Number.isFinite(loss)) throw new Error(`probe step loss is ${loss}`);
    return { ...v, label: method.label ?? method.name };
  } catch (err) {
    v?.dispose();
    return { name: method.name, refused: ((err as Error).message ?? String(err)).split('\n')[0] };
  }
}

export function buildVariant(name: VariantName, shape: EncoderShape, seed: number): Variant {
  return name === 'forward' ? forwardVariant(shape, seed) : trainVariant(name, shape, seed);
}

/** Mean cross-entropy of the untouched model on the batch in inference mode (no dropout): the numerics check. */
export function evalLoss(model: PreTrainedModel, batch: Batch): number {
  return tf.tidy(() => computeLoss(model, batch, { training: false }).dataSync()[0]);
}
