/**
 * The memory plan of a run (issue 20): before the model is loaded, `planRunForSpec` estimates the peak memory
 * of one training step from the model folder's config.json, the method's trainable count, the run's batch and
 * length, `microBatch` and `gradientCheckpointing` (run spec keys), against the backend's limit
 * (`planRunMemory` of @peftbench/core). Over the limit even at one row per micro-batch → the plan's InputError
 * (estimate, limit, what would fit) before anything is loaded. The decision is kept for the spec: fineTune
 * trains with it and logs it, the result's provenance records it.
 */
import { join } from 'node:path';
import { getMethod, planRunMemory, readHfConfig, type HfConfig, type RunMemoryDecision, type TaskSpec } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import type { MemoryProvenance, RunSpec } from './run-types.ts';

/** Plan against this many GiB instead of the backend's own limit (e.g. to leave room for other work). */
export const MEMORY_LIMIT_ENV = 'PEFTBENCH_MEMORY_LIMIT_GB';

interface Planned {
  /** null: no plan could be made (said in the log). */
  decision: RunMemoryDecision | null;
  requested?: 'auto' | number;
}

const decisions = new WeakMap<RunSpec, Planned>();

/** The backend names the plan knows (BackendInfo.name, or 'webgpu'); others plan as cpu (host RAM). */
type PlanBackendName = Parameters<typeof planRunMemory>[0]['backend'];
const PLAN_BACKENDS: readonly string[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'webgpu'];

function limitOverride(): number | undefined {
  const v = process.env[MEMORY_LIMIT_ENV]?.trim();
  if (!v) return undefined;
  const gb = Number(v);
  if (!(gb > 0)) throw new InputError(`env ${MEMORY_LIMIT_ENV}: expected a positive number of GiB, got '${v}'`);
  return gb * 2 ** 30;
}

export interface PlanRunArgs {
  spec: RunSpec;
  /** The model folder (its config.json is read; nothing else). */
  dir?: string;
  /** Or the parsed config (a model loaded already). */
  config?: HfConfig;
  task: TaskSpec;
  /** The backend the run trains on (BackendInfo.name). */
  backend: string;
  /** Padded tokens per row (default: the run's maxLength, cut to the model's positions). */
  seqLen?: number;
  /** The method's config as the run resolves it (default: the spec's raw config, resolved against `tokenizer`). */
  methodConfig?: unknown;
  /** For methods whose config names tokens (PeftMethod.resolveConfig). */
  tokenizer?: unknown;
}

/**
 * Plan one run's step memory and remember the decision for `spec`. Throws the plan's InputError when the step
 * cannot fit; when the model or method has no memory model (an unknown model_type, a method that cannot
 * count its parameters from config.json), returns null and says why in the log, unless the spec asked for
 * `microBatch: 'auto'`, which needs the plan (then an InputError naming why).
 */
export function planRunForSpec(a: PlanRunArgs): RunMemoryDecision | null {
  const h = a.spec.hyper;
  const configFile = a.dir ? join(a.dir, 'config.json') : `${a.spec.model} config.json`;
  const config = a.config ?? readHfConfig(configFile);
  const method = getMethod(a.spec.method);
  const requested = h.microBatch;
  const backend = (PLAN_BACKENDS.includes(a.backend) ? a.backend : 'cpu') as PlanBackendName;
  const positions = positionsOf(config);
  const seqLen = Math.min(a.seqLen ?? h.maxLength, positions);
  const limitBytes = limitOverride();
  let decision: RunMemoryDecision;
  try {
    const methodConfig = a.methodConfig ?? (method.resolveConfig && a.tokenizer !== undefined ? method.resolveConfig(a.spec.methodConfig, { tokenizer: a.tokenizer, family: a.spec.family, task: a.task }) : a.spec.methodConfig);
    // the run's gradAccum makes gradAccum passes of batchSize rows each: a pass is batchSize rows, so the plan's
    // own gradAccum (batchSize / N rows) does not apply here; microBatch is the knob
    const microBatch = typeof requested === 'number' ? Math.min(requested, h.batchSize) : requested;
    const opts = { config, configPath: configFile, method, methodConfig, task: a.task, batchSize: h.batchSize, seqLen, microBatch, gradientCheckpointing: h.gradientCheckpointing ?? false, backend, limitBytes };
    decision = planRunMemory(opts);
  } catch (err) {
    if (isOverLimit(err)) throw new InputError(`run ${a.spec.id}: ${(err as Error).message}`);
    const why = (err as Error).message.split('\n')[0];
    if (requested === 'auto') throw new InputError(`run ${a.spec.id} [hyper.microBatch]: 'auto' needs the memory plan, which cannot be made here: ${why}`);
    console.log(`memory plan skipped: ${why}`);
    decisions.set(a.spec, { decision: null, requested });
    return null;
  }
  decisions.set(a.spec, { decision, requested });
  return decision;
}

/** The plan's over-limit refusal (checkMemoryPlan) as opposed to a config or method it cannot model. */
function isOverLimit(err: unknown): boolean {
  return err instanceof InputError && /a training step needs about/.test(err.message);
}

function positionsOf(config: HfConfig): number {
  const c = config as unknown as { model_type?: string; max_position_embeddings?: number; n_positions?: number; pad_token_id?: number };
  const p = c.max_position_embeddings ?? c.n_positions;
  if (typeof p !== 'number') return Infinity;
  return c.model_type === 'roberta' ? p - (c.pad_token_id ?? 1) - 1 : p;
}

/** The decision made for this spec: undefined when planRunForSpec was not called, null when it could not plan. */
export function memoryDecisionOf(spec: RunSpec): RunMemoryDecision | null | undefined {
  const p = decisions.get(spec);
  return p ? p.decision : undefined;
}

/** What the result's provenance records about the plan (undefined when no plan was made). */
export function memoryProvenanceOf(spec: RunSpec): MemoryProvenance | undefined {
  const p = decisions.get(spec);
  if (!p?.decision) return undefined;
  const d = p.decision;
  return {
    backend: d.plan.backend,
    microBatch: d.microBatch,
    microBatches: d.gradientAccumulation,
    ...(p.requested !== undefined && { requested: p.requested }),
    gradientCheckpointing: d.plan.gradientCheckpointing,
    ...(d.plan.weightPacks && { weightPacks: d.plan.weightPacks }),
    peakBytes: Math.round(d.plan.peakBytes),
    limitBytes: d.plan.limitBytes,
    summary: d.summary,
  };
}

/** One line for the run log: what was asked, what was chosen, the estimate. */
export function memoryLogLine(spec: RunSpec, d: RunMemoryDecision): string {
  const asked = spec.hyper.microBatch === undefined ? 'whole batch' : `microBatch ${spec.hyper.microBatch}`;
  return `${d.summary}; ${asked} → ${d.microBatch} row(s) × ${d.gradientAccumulation} pass(es) per batch of ${spec.hyper.batchSize}${d.plan.gradientCheckpointing ? ', gradient checkpointing' : ''}${d.plan.weightPacks === 'per-product' ? ', frozen weights packed per product (wasm heap)' : ''}`;
}
