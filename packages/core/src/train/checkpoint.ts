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
 * y = fn(x, context), keeping only x and the context tensors (masks, RoPE tables: made earlier in the same
 * forward, freed before the backward pass, so the recomputation gets kept copies) for the backward pass.
 * `key` names the layer, so the variables it reads are looked up once. Outside a gradient computation this
 * is just fn(x, context).
 */
export function checkpointLayer(model: PreTrainedModel, key: string, x: tf.Tensor, context: tf.Tensor[], fn: LayerFn): tf.Tensor {
  const eng = engine();
  if (eng.state.gradientDepth === 0) return fn(x, context); // no tape recording: nothing to save anyway
  const vars = variablesRead(model, key, x, context, fn);
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
          const xs = [savedX, ...vars];
          const { value: y, grads } = e.gradients(() => fn(savedX, savedContext), xs, dy, true);
          y.dispose();
          return grads.map((g, i) => g ?? tf.zerosLike(xs[i]));
        } finally {
          e.state.activeTape = outerTape;
          model.restoreDropoutState(after);
        }
      },
    };
  }) as never) as (...t: tf.Tensor[]) => tf.Tensor;
  return op(x, ...vars);
}
