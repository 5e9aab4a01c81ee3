/**
 * AdamW with decoupled weight decay (Loshchilov & Hutter; torch.optim.AdamW's update order), per-group
 * learning-rate multipliers, and per-parameter update masks applied to the WHOLE update — Adam step and
 * weight decay — so a masked entry never changes (ID3, PaFi, Fish). Masked gradients are zeroed too, so
 * an entry unmasked later starts with fresh moments.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParameterRegistry, Parameter } from '../params.ts';

export interface AdamWOptions {
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  /** Multipliers per parameter group (Parameter.group). */
  groups?: Record<string, { lrMultiplier: number }>;
}

export class AdamW {
  private readonly state = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  private t = 0;
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;

  constructor(
    private readonly registry: ParameterRegistry,
    private readonly opts: AdamWOptions = {},
  ) {
    this.betas = opts.betas ?? [0.9, 0.999];
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
  }

  get stepCount(): number {
    return this.t;
  }

  multiplierOf(p: Parameter): number {
    return this.opts.groups?.[p.group]?.lrMultiplier ?? 1;
  }

  /** One update with the given gradients (by parameter name) at learning rate `lr`. */
  step(grads: Map<string, tf.Tensor>, lr: number): void {
    this.t += 1;
    const [b1, b2] = this.betas;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (const [name, g0] of grads) {
      const p = this.registry.get(name);
      if (!p.trainable) continue;
      let s = this.state.get(name);
      if (!s) {
        const zeros = tf.zerosLike(p.variable);
        s = { m: tf.variable(zeros, false), v: tf.variable(zeros, false) };
        zeros.dispose();
        this.state.set(name, s);
      }
      const st = s;
      const rate = lr * this.multiplierOf(p);
      const decay = p.decay ? this.weightDecay : 0;
      tf.tidy(() => {
        const g = p.updateMask ? tf.mul(g0, p.updateMask) : g0;
        const m = tf.add(tf.mul(st.m, b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(st.v, b2), tf.mul(tf.square(g), 1 - b2));
        st.m.assign(m);
        st.v.assign(v);
        // torch AdamW: θ ← θ(1 − lr·λ) − lr·m̂/(√v̂ + ε)
        let update = tf.mul(tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.eps)), rate);
        if (decay > 0) update = tf.add(update, tf.mul(p.variable, rate * decay));
        if (p.updateMask) update = tf.mul(update, p.updateMask);
        p.variable.assign(tf.sub(p.variable, update));
      });
    }
  }

  dispose(): void {
    for (const s of this.state.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.state.clear();
  }
}

/** Global L2 norm clipping as torch.nn.utils.clip_grad_norm_ (in place: returns new tensors, disposes old). */
/** √(Σ‖g‖²) over every gradient. */
export function globalGradNorm(grads: Map<string, tf.Tensor>): number {
  if (grads.size === 0) return 0;
  return tf.tidy(() => tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
}

export function clipGradNorm(grads: Map<string, tf.Tensor>, maxNorm: number): number {
  const total = globalGradNorm(grads);
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    for (const [k, g] of grads) {
      grads.set(k, tf.mul(g, coef));
      g.dispose();
    }
  }
  return total;
}
