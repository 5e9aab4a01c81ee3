/**
 * The machinery every selective method shares (ID3, repeat-D3, PaFi, Fish, random mask): freeze the
 * model, make the target tensors trainable under 0/1 masks, let a strategy choose entries (at apply
 * time, before training, or before each optimizer step), keep the optimizer from touching anything not
 * chosen, snapshot intermediate budgets, and save / load only the chosen entries (O(B)).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@peftbench/util';
import { PEFT_PREFIX, type AppliedMethod, type Parameter, type PrepareContext, type PreTrainedModel, type StepContext, type TaskSpec } from '@peftbench/core';
import type { SelectiveConfig } from './config.ts';
import { SelectionState } from './selection.ts';
import { readEntries, scatterEntries, sparseTensors, takeSparseEntries, type SparseEntry } from './sparse-io.ts';
import { baseTargets, filterTargets } from './targets.ts';
import { addPfeifferAdapter, initPfeiffer } from './pfeiffer.ts';
import { attachLoraTargets, initChecksum } from './lora-targets.ts';
import { layerStats, selectionStats, type LayerStats, type SelectionTracePoint } from './stats.ts';

export interface SelectiveContext {
  model: PreTrainedModel;
  config: SelectiveConfig;
  state: SelectionState;
  targets: Parameter[];
  /** The entries that are saved: Λ by default; repeat-D3 saves every entry it ever chose. */
  saved: SelectionState;
}

/** How a method chooses; each hook is optional. */
export interface SelectionStrategy {
  /** Static choice from the weights alone, at apply time (PaFi, random mask). */
  atApply?(sel: SelectiveContext): void;
  /** Static choice from training data, before training (Fish). */
  prepare?(sel: SelectiveContext, ctx: PrepareContext): void | Promise<void>;
  /** Dynamic choice before each optimizer step (ID3 grows Λ; repeat-D3 re-selects). */
  beforeUpdate?(sel: SelectiveContext, ctx: StepContext): void;
}

export interface SparseCheckpoint {
  /** |Λ| when the snapshot was taken, and the checkpoint budget it was taken for. */
  budgetUsed: number;
  budget: number;
  /** Optimizer steps applied before the snapshot. */
  step: number;
  entries: Map<string, SparseEntry>;
  /** Dense head values at that time (HF layout), by parameter name. */
  head: Map<string, { shape: number[]; data: Float32Array }>;
}

export interface SelectiveApplied extends AppliedMethod {
  readonly state: SelectionState;
  readonly targets: Parameter[];
  /** Snapshots taken at the configured checkpoint budgets, in order. */
  readonly checkpoints: SparseCheckpoint[];
  /** Take a snapshot now (e.g. after the last step). */
  snapshot(step: number, budget?: number): SparseCheckpoint;
  /** An AppliedMethod view that saves a snapshot (pass it to saveAdapter). */
  checkpointAdapter(c: SparseCheckpoint): AppliedMethod;
  /**
   * After an optimizer update (`stepsDone` updates applied): take the snapshots whose budget the chosen set
   * has reached. The trainer has no hook there, so a caller that wants the last budget (reached by the last
   * update) calls this from its progress callback; without it, `beforeUpdate` of the next step takes them.
   */
  afterStep(stepsDone: number): void;
  /**
   * Run `fn` on the model as it was at snapshot `c` — the targets' values at apply time with the snapshot's
   * entries scattered in, and the snapshot's head — then put back the values the model had before the call.
   * Needs `checkpointBudgets` (the apply-time values are kept only then).
   */
  withCheckpoint<T>(c: SparseCheckpoint, fn: () => T | Promise<T>): Promise<T>;
  /**
   * Tensor sparsity and sparsity entropy of the entries that were updated (Λ; repeat-D3: every entry chosen
   * at some step) after each training iteration (ID3 Figures 8 / 9), and per layer now.
   */
  selectionStats(): { trace: SelectionTracePoint[]; layers: LayerStats[] };
}

const SEED_KEY = 'module_init_seed';
const CHECKSUM_KEY = 'module_init_checksum';

export function applySelective(model: PreTrainedModel, config: SelectiveConfig, task: TaskSpec, method: { name: string; strategy: SelectionStrategy; extraConfig?: Record<string, unknown> }): SelectiveApplied {
  const source = `method '${method.name}' config`;
  model.params.setTrainable((p) => p.owner === 'base', false);
  let moduleSeed: number | undefined;
  let candidates: Parameter[];
  if (config.targets === 'base') candidates = baseTargets(model);
  else if (config.targets === 'adapter') {
    moduleSeed = model.nextInitSeed() % 2 ** 24; // exact in the F32 adapter file
    candidates = addPfeifferAdapter(model, config.adapter.reductionFactor, moduleSeed, method.name);
  } else candidates = attachLoraTargets(model, config.lora ?? {}, task, source);
  const targets = filterTargets(candidates, config, source);
  const targetSet = new Set(targets.map((p) => p.name));
  // module weights that are not targets stay frozen at their init (they are not part of the budget)
  for (const p of candidates) p.trainable = targetSet.has(p.name);
  const head = model.params.all().filter((p) => p.owner === 'head');
  for (const p of head) p.trainable = config.trainHead;

  // LoRA's unchosen entries stay at an init drawn from the model's seed: remember which init it was
  const initSum = config.targets === 'lora' ? initChecksum(targets) : undefined;
  const state = new SelectionState(targets);
  const sel: SelectiveContext = { model, config, state, targets, saved: state };
  const targetMap = new Map(targets.map((p) => [p.name, p]));
  const gradMasks = new Map<string, tf.Tensor>();

  /** Push changed masks to where they act: the registry (whole update) or the gradients. */
  const syncMasks = () => {
    for (const name of state.takeChanged()) {
      if (config.maskMode === 'update') model.params.setUpdateMask(name, state.maskTensor(name));
      else {
        gradMasks.get(name)?.dispose();
        gradMasks.set(name, tf.keep(state.maskTensor(name)));
      }
    }
  };

  const pendingBudgets = [...config.checkpointBudgets].sort((a, b) => a - b);
  const checkpoints: SparseCheckpoint[] = [];
  const trace: SelectionTracePoint[] = [];
  const takeDue = (stepsDone: number) => {
    while (pendingBudgets.length > 0 && state.size >= pendingBudgets[0]) checkpoints.push(snapshot(stepsDone, pendingBudgets.shift()!));
  };
  const snapshot = (step: number, budget = state.size): SparseCheckpoint => {
    const entries = savedEntries();
    const headValues = new Map(
      head.filter((p) => p.trainable).map((p) => {
        const t = model.params.hfValue(p.name);
        const v = { shape: t.shape, data: Float32Array.from(t.dataSync() as Float32Array) };
        t.dispose();
        return [p.name, v] as const;
      }),
    );
    return { budgetUsed: state.size, budget, step, entries, head: headValues };
  };
  function savedEntries(): Map<string, SparseEntry> {
    const entries = new Map<string, SparseEntry>();
    for (const p of targets) if (sel.saved.countIn(p.name) > 0) entries.set(p.name, readEntries(p, sel.saved.chosenIndices(p.name)));
    return entries;
  }

  const tensorsOf = (entries: Map<string, SparseEntry>, headValues: Map<string, tf.Tensor>) => {
    const out = sparseTensors(targetMap, entries);
    for (const [name, t] of headValues) out.set(PEFT_PREFIX + name, t);
    if (moduleSeed !== undefined) out.set(PEFT_PREFIX + SEED_KEY, tf.tensor1d([moduleSeed], 'float32'));
    if (initSum !== undefined) out.set(PEFT_PREFIX + CHECKSUM_KEY, tf.tensor1d([initSum], 'float32'));
    return out;
  };

  const adapterConfig = (budgetUsed: number) => ({
    peft_type: method.name.toUpperCase().replace(/-/g, '_'),
    method: method.name,
    task_type: task.kind,
    budget: config.budget,
    budget_used: budgetUsed,
    targets: config.targets,
    include: config.include ?? null,
    exclude: config.exclude ?? null,
    mask_mode: config.maskMode,
    train_head: config.trainHead,
    target_tensors: targets.map((p) => p.name),
    ...(config.targets === 'adapter' ? { adapter: { type: 'pfeiffer', reduction_factor: config.adapter.reductionFactor } } : {}),
    ...(config.targets === 'lora' ? { lora: config.lora ?? {} } : {}),
    ...method.extraConfig,
  });

  method.strategy.atApply?.(sel);
  syncMasks();
  // a snapshot holds only the chosen entries: the rest of each target is its value now (kept only when needed)
  const initialValues = config.checkpointBudgets.length > 0 ? new Map(targets.map((p) => [p.name, Float32Array.from(p.variable.dataSync() as Float32Array)])) : undefined;

  const applied: SelectiveApplied = {
    state,
    targets,
    checkpoints,
    snapshot,
    async prepare(ctx) {
      await method.strategy.prepare?.(sel, ctx);
      syncMasks();
    },
    beforeUpdate(ctx) {
      takeDue(ctx.step);
      method.strategy.beforeUpdate?.(sel, ctx);
      syncMasks();
      trace.push({ step: ctx.step + 1, ...selectionStats(sel.saved) });
      if (config.maskMode === 'gradient') {
        // the authors' toolkit: zero the gradients of unchosen entries, leave the optimizer alone
        for (const [name, mask] of gradMasks) {
          const g = ctx.grads.get(name);
          if (!g) continue;
          ctx.grads.set(name, tf.mul(g, mask));
          g.dispose();
        }
      }
    },
    adapterConfig: () => adapterConfig(state.size),
    adapterTensors() {
      return tensorsOf(savedEntries(), new Map(head.filter((p) => p.trainable).map((p) => [p.name, model.params.hfValue(p.name)])));
    },
    loadAdapterTensors(tensors, file) {
      const rest = new Map(tensors);
      const seed = rest.get(PEFT_PREFIX + SEED_KEY);
      if (config.targets === 'adapter') {
        if (!seed) throw new InputError(`${file} [${PEFT_PREFIX}${SEED_KEY}]: missing (an adapter fine-tune needs the adapter's init seed)`);
        moduleSeed = seed.data[0];
        initPfeiffer(model, moduleSeed);
        rest.delete(PEFT_PREFIX + SEED_KEY);
      }
      if (config.targets === 'lora') {
        const sum = rest.get(PEFT_PREFIX + CHECKSUM_KEY);
        if (!sum) throw new InputError(`${file} [${PEFT_PREFIX}${CHECKSUM_KEY}]: missing (a LoRA fine-tune records its LoRA init)`);
        if (Math.abs(sum.data[0] - initSum!) > 1e-4 * Math.max(1, Math.abs(initSum!))) {
          throw new InputError(`${file} [${PEFT_PREFIX}${CHECKSUM_KEY}]: the LoRA init of this model (Σ|θ| = ${initSum}) differs from the saved one (${sum.data[0]}); create the model with the seed it was trained with`);
        }
        rest.delete(PEFT_PREFIX + CHECKSUM_KEY);
      }
      const entries = takeSparseEntries(targetMap, rest, file);
      state.clear();
      if (sel.saved !== state) sel.saved.clear();
      for (const [name, e] of entries) {
        scatterEntries(targetMap.get(name)!, e);
        state.choose(name, e.indices);
        if (sel.saved !== state) sel.saved.choose(name, e.indices);
      }
      syncMasks();
      const headNames = new Set(head.filter((p) => p.trainable).map((p) => p.name));
      for (const [key, t] of rest) {
        const name = key.startsWith(PEFT_PREFIX) ? key.slice(PEFT_PREFIX.length) : key;
        if (!headNames.has(name)) throw new InputError(`${file} [${key}]: not a tensor of this adapter`);
        model.params.assignHf(name, t, file, key);
        headNames.delete(name);
      }
      if (headNames.size > 0) throw new InputError(`${file} [${PEFT_PREFIX}${[...headNames][0]}]: head tensor missing from the adapter`);
    },
    afterStep(stepsDone) {
      takeDue(stepsDone);
    },
    async withCheckpoint(c, fn) {
      if (!initialValues) throw new Error(`method '${method.name}': withCheckpoint needs checkpointBudgets (the apply-time values are kept only then)`);
      const trainableHead = head.filter((p) => p.trainable);
      const saved = new Map([...targets, ...trainableHead].map((p) => [p.name, tf.keep(tf.clone(p.variable))]));
      try {
        for (const p of targets) {
          const data = Float32Array.from(initialValues.get(p.name)!);
          const e = c.entries.get(p.name);
          if (e) e.indices.forEach((idx, r) => (data[idx] = e.values[r]));
          const t = tf.tensor(data, p.variable.shape, 'float32');
          p.variable.assign(t);
          t.dispose();
        }
        for (const [name, v] of c.head) model.params.assignHf(name, v, `checkpoint at budget ${c.budget}`);
        return await fn();
      } finally {
        for (const [name, t] of saved) {
          model.params.get(name).variable.assign(t);
          t.dispose();
        }
      }
    },
    selectionStats() {
      return { trace: trace.slice(), layers: layerStats(sel.saved) };
    },
    checkpointAdapter(c) {
      return {
        adapterConfig: () => ({ ...adapterConfig(c.budgetUsed), checkpoint_budget: c.budget, checkpoint_step: c.step }),
        adapterTensors: () => tensorsOf(c.entries, new Map([...c.head].map(([n, v]) => [n, tf.tensor(v.data, v.shape, 'float32')]))),
        loadAdapterTensors: (tensors, file) => applied.loadAdapterTensors(tensors, file),
      };
    },
  };
  return applied;
}
