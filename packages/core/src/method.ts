/**
 * The PEFT method interface and registry. A method is a package that exports a `PeftMethod`: a zod
 * config schema, `apply()` (installs hooks, declares trainable parameters) and `countTrainable()` (from
 * a config.json alone). Core never names a method; callers register the ones they ship.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { z } from 'zod';
import { InputError } from '@peftbench/util';
import type { PreTrainedModel, TaskKind } from './models/base.ts';
import type { HfConfig } from './models/config.ts';
import type { ModelInput } from './hooks.ts';
import type { Parameter } from './params.ts';

export interface TaskSpec {
  kind: TaskKind;
  /** Classes (1 = regression) for classification heads. */
  numLabels?: number;
}

/** What the trainer tells a method at each step (methods that pick parameters while training, e.g. ID3). */
export interface StepContext {
  /** 0-based optimizer step about to be applied. */
  step: number;
  totalSteps: number;
  /** Gradients of the trainable parameters for this step, by parameter name (after accumulation). */
  grads: Map<string, tf.Tensor>;
  params: Map<string, Parameter>;
}

/** Given before training starts, for methods that score parameters on data (Fish). */
export interface PrepareContext {
  /** Training batches at the given batch size, in a seeded order. */
  batches(batchSize: number): Iterable<ModelInput>;
  /** Gradients of the training loss on one batch w.r.t. the named parameters (caller disposes). */
  gradients(batch: ModelInput, paramNames: string[]): Map<string, tf.Tensor>;
  seed: number;
}

export interface AppliedMethod {
  /** Learning-rate multipliers per parameter group (IT-Tuning's α for scaling vectors). */
  groups?: Record<string, { lrMultiplier: number }>;
  /** Before training (Fish: importance over training examples; PaFi: static mask). */
  prepare?(ctx: PrepareContext): void | Promise<void>;
  /** Before each optimizer update (ID3: unmask entries; repeat-D3: re-select). May set update masks. */
  beforeUpdate?(ctx: StepContext): void;
  /** adapter_config.json content (HF PEFT layout where HF PEFT has the method). */
  adapterConfig(): Record<string, unknown>;
  /** Tensors to save in adapter_model.safetensors, by key (HF PEFT key names where they exist). */
  adapterTensors(): Map<string, tf.Tensor>;
  /** Load tensors saved by `adapterTensors` back into the model (same keys). */
  loadAdapterTensors(tensors: Map<string, { shape: number[]; data: Float32Array }>, file: string): void;
  /** Fold the method into the base weights (LoRA); `unmerge` undoes it. */
  merge?(): void;
  unmerge?(): void;
}

export interface PeftMethod<C = any> {
  /** Registry name, e.g. `lora`; also the `peft_type` family in adapter_config.json. */
  name: string;
  summary: string;
  configSchema: z.ZodType<C>;
  apply(model: PreTrainedModel, config: C, task: TaskSpec): AppliedMethod;
  /** Trainable scalars from config.json alone (no weights), as the paper counts them. */
  countTrainable(hfConfig: HfConfig, config: C, task: TaskSpec): number;
  /** Row label in tables (default: `name`), e.g. `LoRA`. */
  label?: string;
  /** Names the seed papers print for this method's rows (e.g. `Adapter`, `Adpt^H`), to match paper tables. */
  paperNames?: string[];
  /** Position in tables and default listings (lower first; default 100, then by name). */
  order?: number;
  /**
   * Adjust the sweep's raw config to the run's tokenizer before it is validated (e.g. token ids the paper gives
   * in GPT-2's vocabulary, looked up in a model whose vocabulary is renumbered). Optional; identity when absent.
   */
  resolveConfig?(raw: Record<string, unknown>, ctx: { tokenizer: unknown; family: string; task: TaskSpec }): Record<string, unknown>;
  /**
   * Run settings the method's paper used, per family (e.g. E2E decoding: `{ e2e: { numBeams: 10, … } }`): the
   * family's defaults for this method; a sweep's own values win.
   */
  familyDefaults?: Record<string, Record<string, unknown>>;
}

const registry = new Map<string, PeftMethod>();

export function registerMethod(method: PeftMethod): void {
  registry.set(method.name, method);
}

export function getMethod(name: string): PeftMethod {
  const m = registry.get(name);
  if (!m) throw new InputError(`unknown method '${name}' (known: ${[...registry.keys()].sort().join(', ') || 'none registered'})`);
  return m;
}

export function listMethods(): PeftMethod[] {
  return [...registry.values()];
}

/** Validate a method config with the method's schema; errors name the source and the key. */
export function parseMethodConfig<C>(method: PeftMethod<C>, raw: unknown, source = `method '${method.name}' config`): C {
  const r = method.configSchema.safeParse(raw ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`${source} [${issue.path.join('.') || '(root)'}]: ${issue.message}`);
  }
  return r.data;
}

/** The parameters a classification / token head owns (trained from scratch with most methods). */
export function headParameters(model: PreTrainedModel): Parameter[] {
  return model.params.all().filter((p) => p.owner === 'head');
}
