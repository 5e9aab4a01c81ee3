/**
 * Activation recomputation ("gradient checkpointing") per layer. With `model.gradientCheckpointing = true`
 * a training forward keeps only each layer's input for the backward pass; the layer's inner activations
 * (attention scores, FFN intermediate, LayerNorm statistics …) are freed as soon as the layer's output
 * exists, and the backward pass runs the layer's forward again from the saved input to get them back. Peak
 * activation memory falls from L × (everything a layer keeps) to L × (one [B, T, D] tensor) + one layer's
 * worth, for about one extra forward per step (≈ +33% compute).
 *
 * The recomputed forward sees the same dropout masks (the model's dropout stream is replayed from a
 * snapshot), so gradients are identical to the ones without checkpointing, not just close.
 *
 * tfjs has no checkpoint op: this is a `tf.customGrad` whose inputs are the layer input and the trainable
 * variables the layer reads (found once per layer by recording one forward on a private tape), and whose
 * gradient function differentiates the recomputed layer with `engine.gradients`. tfjs keeps one active tape
 * per engine, so the nested tapes are swapped in and out by hand (`engine.state.activeTape`).
 *
 * A variable several layers read (prefix-tuning's shared reparameterisation MLP) is an input of the first
 * layer that reads it in each forward only. The later layers' backward passes add their share of its gradient
 * into one running sum, which that first layer — the last to run backward — returns with its own. Were it an
 * input of every layer, tfjs's backprop would keep each layer's full-size gradient of it alive until the
 * backward pass ends (it adds them but disposes only the running sum): L copies of the MLP's weights where
 * one is enough (on a 16-wide encoder the step's peak then grew by one MLP gradient per layer; at RoBERTa-base
 * scale the optimizer's temporaries were the larger part of prefix-tuning's −38% plan error, see optimizer.ts).
 * The sums are added in the order tfjs adds them, so gradients stay identical to the ones without checkpointing.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreTrainedModel } from '../models/base.ts';

interface TapeNode { inputs: Record<string, tf.Tensor>; saved?: tf.Tensor[] }
interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  gradients<T extends tf.Tensor>(f: () => T, xs: tf.Tensor[], dy?: T, allowNoGradients?: boolean): { value: T; grads: (tf.Tensor | undefined)[] };
}

const engine = () => tf.engine() as unknown as EngineInternals;

/** Per model: layer key → the trainable variables that layer reads (for one set of trainable variables). */
const readsCache = new WeakMap<PreTrainedModel, { signature: string; byLayer: Map<string, tf.Variable[]> }>();

function trainableSignature(model: PreTrainedModel): { signature: string; vars: tf.Variable[] } {
  const vars = model.params.trainable().map((p) => p.variable);
  return { signature: vars.map((v) => v.id).join(','), vars };
}

/** Which trainable variables one call of `fn` reads: one forward recorded on a private tape, then dropped. */
type LayerFn = (x: tf.Tensor, context: tf.Tensor[]) => tf.Tensor;

function variablesRead(model: PreTrainedModel, key: string, x: tf.Tensor, context: tf.Tensor[], fn: LayerFn): tf.Variable[] {
  const { signature, vars } = trainableSignature(model);
  let entry = readsCache.get(model);
  if (!entry || entry.signature !== signature) {
    entry = { signature, byLayer: new Map() };
    readsCache.set(model, entry);
  }
  const cached = entry.byLayer.get(key);
  if (cached) return cached;
  const eng = engine();
  const outerTape = eng.state.activeTape;
  const dropout = model.dropoutState();
  const seen = new Set<number>();
  eng.state.activeTape = [];
  eng.state.gradientDepth++;
  try {
    tf.tidy(() => {
      fn(x, context);
    });
    for (const node of eng.state.activeTape ?? []) {
      for (const t of Object.values(node.inputs)) if (t) seen.add(t.id);
      for (const t of node.saved ?? []) t.dispose();
    }
  } finally {
    eng.state.gradientDepth--;
    eng.state.activeTape = outerTape;
    model.restoreDropoutState(dropout);
  }
  const reads = vars.filter((v) => seen.has(v.id));
  entry.byLayer.set(key, reads);
  return reads;
}

/**
 * One forward's bookkeeping: the layers it ran (a layer key seen again starts a new forward), which shared
 * variables a layer has claimed as its input, and the gradient sums of the layers that ran backward so far.
 */
interface ForwardSession { keys: Set<string>; claimedBy: Map<number, string>; sums: Map<number, tf.Tensor> }
const sessions = new WeakMap<PreTrainedModel, ForwardSession>();

function sessionFor(model: PreTrainedModel, key: string): ForwardSession {
  let s = sessions.get(model);
  if (!s || s.keys.has(key)) {
    for (const t of s?.sums.values() ?? []) t.dispose(); // an abandoned backward pass
    s = { keys: new Set(), claimedBy: new Map(), sums: new Map() };
    sessions.set(model, s);
  }
  s.keys.add(key);
  return s;
}

/**
 * y = fn(x, context), keeping only x and the context tensors (masks, RoPE tables: made earlier in the same
 * forward, freed before the backward pass, so the recomputation gets kept copies) for the backward pass.
 * `key` names the layer, so the variables it reads are looked up once. Outside a gradient computation this
 * is just fn(x, context).
 */
export function checkpointLayer(model: PreTrainedModel, key: string, x: tf.Tensor, context: tf.Tensor[], fn: LayerFn): tf.Tensor {
  const eng = engine();
  if (eng.state.gradientDepth === 0) return fn(x, context); // no tape recording: nothing to save anyway
  const reads = variablesRead(model, key, x, context, fn);
  const session = sessionFor(model, key);
  // a variable an earlier layer of this forward already reads is not this layer's input (see file comment)
  const vars: tf.Variable[] = [];
  const sharedLater: tf.Variable[] = [];
  for (const v of reads) {
    const owner = session.claimedBy.get(v.id);
    if (owner === undefined) session.claimedBy.set(v.id, key);
    (owner === undefined ? vars : sharedLater).push(v);
  }
  const dropout = model.dropoutState();
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const input = args[0] as tf.Tensor;
    save([input, ...context]);
    const value = fn(input, context);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const e = engine();
        if (e.state.gradientDepth !== 0) throw new Error('gradient checkpointing does not support higher-order gradients');
        const outerTape = e.state.activeTape;
        const after = model.dropoutState();
        model.restoreDropoutState(dropout);
        try {
          const [savedX, ...savedContext] = saved;
          const xs = [savedX, ...vars, ...sharedLater];
          const { value: y, grads } = e.gradients(() => fn(savedX, savedContext), xs, dy, true);
          y.dispose();
          const all = grads.map((g, i) => g ?? tf.zerosLike(xs[i]));
          // shared variables a later layer reads: into the running sum; claimed ones: own share + the sum
          for (let i = 1 + vars.length; i < xs.length; i++) addToSum(session, xs[i].id, all[i]);
          return all.slice(0, 1 + vars.length).map((g, i) => {
            const sum = i > 0 ? session.sums.get(xs[i].id) : undefined;
            if (!sum) return g;
            session.sums.delete(xs[i].id);
            const total = tf.add(sum, g);
            sum.dispose();
            g.dispose();
            return total;
          });
        } finally {
          e.state.activeTape = outerTape;
          model.restoreDropoutState(after);
        }
      },
    };
  }) as never) as (...t: tf.Tensor[]) => tf.Tensor;
  return op(x, ...vars);
}

/** sum ← sum + g in tfjs backprop's order (running sum first), keeping one tensor per variable. */
function addToSum(session: ForwardSession, id: number, g: tf.Tensor): void {
  const sum = session.sums.get(id);
  if (!sum) {
    session.sums.set(id, g);
    return;
  }
  session.sums.set(id, tf.add(sum, g));
  sum.dispose();
  g.dispose();
}
