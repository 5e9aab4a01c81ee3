/** Memory plan before loading (issue 20). See plan.ts. */
import { InputError } from '@peftbench/util';
import { readHfConfig, type HfConfig } from '../models/config.ts';
import { parseMethodConfig, type PeftMethod, type TaskSpec } from '../method.ts';
import { checkMemoryPlan, chooseMicroBatch, describePlan, gib, type MemoryPlan, type PlanBackend } from './plan.ts';

export * from './plan.ts';
export { trackBufferBytes, wasmHeapBytes, type BufferTracker } from './measure.ts';

export interface RunMemoryOptions {
  /** config.json path (read here, nothing else is loaded), or the parsed config. */
  configPath?: string;
  config?: HfConfig;
  method: PeftMethod;
  /** The method's raw config (validated with its schema here). */
  methodConfig?: unknown;
  task: TaskSpec;
  /** Rows per optimizer step. */
  batchSize: number;
  /** Padded tokens per row. */
  seqLen: number;
  /** Gradient accumulation the user asked for (micro-batch = batchSize / gradAccum). */
  gradAccum?: number;
  /** Rows per forward, or 'auto' (largest that fits). Ignored when gradAccum is given. */
  microBatch?: number | 'auto';
  gradientCheckpointing?: boolean;
  backend: PlanBackend;
  limitBytes?: number;
  keepBest?: boolean;
}

export interface RunMemoryDecision {
  plan: MemoryPlan;
  /** Rows per forward/backward. */
  microBatch: number;
  /** Forward/backward passes per optimizer step. */
  gradientAccumulation: number;
  /** One line for the run log. */
  summary: string;
}

/**
 * The runner's hook, called before `loadModel`: plans the step from config.json and the method's trainable
 * count, picks micro-batches for `microBatch: 'auto'`, and throws an InputError naming the estimate and what
 * would fit when nothing does. Loads no weights.
 */
export function planRunMemory(opts: RunMemoryOptions): RunMemoryDecision {
  const configFile = opts.configPath ?? 'config.json';
  const config = opts.config ?? (opts.configPath ? readHfConfig(opts.configPath) : undefined);
  if (!config) throw new InputError('memory plan: give configPath or config');
  const methodConfig = parseMethodConfig(opts.method, opts.methodConfig ?? {});
  const trainable = opts.method.countTrainable(config, methodConfig, opts.task);
  const base = { config, configFile, task: opts.task, trainable, batchSize: opts.batchSize, seqLen: opts.seqLen, gradientCheckpointing: opts.gradientCheckpointing, backend: opts.backend, limitBytes: opts.limitBytes, keepBest: opts.keepBest };
  let microBatch: number;
  if (opts.gradAccum !== undefined && opts.gradAccum > 1) {
    if (!Number.isInteger(opts.gradAccum)) throw new InputError(`memory plan [gradAccum]: ${opts.gradAccum} is not an integer`);
    microBatch = Math.ceil(opts.batchSize / opts.gradAccum);
  } else if (opts.microBatch === 'auto') {
    const chosen = chooseMicroBatch(base);
    microBatch = chosen ? chosen.microBatch : 1; // none fits: checkMemoryPlan below says so with the numbers
  } else microBatch = opts.microBatch ?? opts.batchSize;
  const plan = checkMemoryPlan({ ...base, microBatch });
  const gradientAccumulation = Math.ceil(opts.batchSize / microBatch);
  const limit = plan.limitBytes === null ? 'limit unknown' : `limit ${gib(plan.limitBytes)}`;
  return { plan, microBatch, gradientAccumulation, summary: `memory plan (${opts.backend}, ${limit}): ${describePlan(plan)}` };
}
