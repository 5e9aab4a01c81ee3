/**
 * The bottleneck module and its placements, installed through core's hook points only.
 *
 *   A(x) = s · (f(LN_a?(x) W_down + b_down) W_up + b_up)          (LN_a only for Lin's adapter)
 *
 * Placements (f_l = FFN output projection, a_l = attention output projection, both before dropout and
 * residual; r_l = core's 'attention.residual' value = the FFN's residual input; y_l = the layer output):
 *   houlsby   a_l ← a_l + A(a_l),  f_l ← f_l + A(f_l)                         (DoubleSeqBn)
 *   pfeiffer  f_l ← f_l + A(LN_out(f_l + r_l))   post-LN;  f_l + A(f_l + r_l) pre-LN   (SeqBn)
 *   lin       y_l ← y_l + A(y_l), A with its own LayerNorm first
 *   parallel  f_l ← f_l + A(r_l)                                                 (ParBn, scaling s)
 * The model then adds the residual and (post-LN) applies its own LayerNorm, as AdapterHub does.
 */
import * as tf from '@tensorflow/tfjs-core';
import { geluExact, seededRandomNormal, type HookContext, type Parameter, type PreTrainedModel } from '@peftbench/core';
import { Rng } from '@peftbench/util';
import type { AdapterInit, NonLinearity, Placement } from './config.ts';
import { archOf, type AdapterSite, type ArchInfo } from './arch.ts';

export interface AdapterSpec {
  placement: Placement;
  /** Bottleneck size m. */
  bottleneck: number;
  nonLinearity: NonLinearity;
  scaling: number;
  init: AdapterInit;
  dropout: number;
  /** Layers that get adapters. */
  layers: number[];
  /** The adapter's name inside AdapterHub key names. */
  name: string;
  /** Owner of the parameters and hooks (a method name). */
  owner: string;
  /** Seed of the initialisation (weights are a function of it). */
  seed: number;
  /** Method name for error messages. */
  method: string;
}

/** One bottleneck: its parameters (registry names = AdapterHub's weight keys). */
export interface AdapterModule {
  site: AdapterSite;
  layer: number;
  down: Parameter;
  downBias: Parameter;
  up: Parameter;
  upBias: Parameter;
  lnWeight?: Parameter;
  lnBias?: Parameter;
}

export interface InstalledAdapters {
  arch: ArchInfo;
  modules: AdapterModule[];
  /** Every adapter parameter, in a fixed order (module by module: [LN], down, down bias, up, up bias). */
  params: Parameter[];
  /** Only the projection matrices (what SparseAdapter prunes). */
  weights: Parameter[];
}

export function sitesOf(placement: Placement): AdapterSite[] {
  return placement === 'houlsby' ? ['mh', 'output'] : ['output'];
}

/** AdapterHub key of one adapter tensor, e.g. `roberta.encoder.layer.0.output.adapters.pfeiffer.adapter_up.weight`. */
export function adapterKey(arch: ArchInfo, site: AdapterSite, layer: number, name: string, tensor: string): string {
  return `${arch.container(site, layer)}.adapters.${name}.${tensor}`;
}

/** nn.LayerNorm's default epsilon (the adapter's own LayerNorm in Lin's placement). */
export const ADAPTER_LN_EPS = 1e-5;

function layerNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor | undefined, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const out = tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), weight);
  return bias ? tf.add(out, bias) : out;
}

export function activate(kind: NonLinearity, x: tf.Tensor): tf.Tensor {
  switch (kind) {
    case 'relu':
      return tf.relu(x);
    case 'gelu':
      return geluExact(x);
    case 'swish':
      return tf.mul(x, tf.sigmoid(x));
    case 'tanh':
      return tf.tanh(x);
  }
}

/** Add the adapters' parameters (initialised from spec.seed) and hooks to a model. */
export function installAdapters(model: PreTrainedModel, spec: AdapterSpec): InstalledAdapters {
  const arch = archOf(model.config, spec.method);
  const d = model.hiddenSize;
  const m = spec.bottleneck;
  const modules: AdapterModule[] = [];
  const params: Parameter[] = [];
  const weights: Parameter[] = [];
  const add = (name: string, shape: number[], opts: { transposed?: boolean; decay: boolean }): Parameter => {
    const init = shape.length === 1 && name.endsWith('adapter_down.0.weight') ? tf.ones(shape) : tf.zeros(shape);
    const variable = tf.variable(init, true, `${name.replace(/[^A-Za-z0-9_./-]/g, '_')}_${Math.random().toString(36).slice(2, 8)}`);
    init.dispose();
    const p = model.params.add({ name, variable, trainable: true, owner: spec.owner, transposed: opts.transposed ?? false, decay: opts.decay });
    params.push(p);
    return p;
  };
  for (const layer of spec.layers) {
    for (const site of sitesOf(spec.placement)) {
      const key = (t: string) => adapterKey(arch, site, layer, spec.name, t);
      const lin = spec.placement === 'lin';
      const mod: Partial<AdapterModule> = { site, layer };
      if (lin) {
        mod.lnWeight = add(key('adapter_down.0.weight'), [d], { decay: false });
        mod.lnBias = add(key('adapter_down.0.bias'), [d], { decay: false });
      }
      const downIdx = lin ? 1 : 0;
      // Linear weights are kept [in, out] (HF/torch layout [out, in] on disk), as core keeps its own.
      mod.down = add(key(`adapter_down.${downIdx}.weight`), [d, m], { transposed: true, decay: true });
      mod.downBias = add(key(`adapter_down.${downIdx}.bias`), [m], { decay: false });
      mod.up = add(key('adapter_up.weight'), [m, d], { transposed: true, decay: true });
      mod.upBias = add(key('adapter_up.bias'), [d], { decay: false });
      weights.push(mod.down, mod.up);
      modules.push(mod as AdapterModule);
    }
  }
  initAdapterWeights(modules, spec.init, spec.seed);

  const bySite = new Map(modules.map((mod) => [`${mod.site}:${mod.layer}`, mod]));
  const dropRng = new Rng(spec.seed ^ 0x5bd1e995);
  const bottleneckOf = (mod: AdapterModule, x: tf.Tensor, ctx: HookContext): tf.Tensor => {
    const shape = x.shape;
    let z = x.reshape([-1, d]);
    if (mod.lnWeight) z = layerNorm(z, mod.lnWeight.variable, mod.lnBias!.variable, ADAPTER_LN_EPS);
    const h = activate(spec.nonLinearity, tf.add(tf.matMul(z as tf.Tensor2D, mod.down.variable as tf.Tensor2D), mod.downBias.variable));
    let u = tf.add(tf.matMul(h as tf.Tensor2D, mod.up.variable as tf.Tensor2D), mod.upBias.variable);
    if (spec.scaling !== 1) u = tf.mul(u, spec.scaling);
    if (ctx.training && spec.dropout > 0) u = tf.dropout(u, spec.dropout, undefined, dropRng.int(2 ** 31));
    return u.reshape(shape);
  };
  const opts = { layers: spec.layers, owner: spec.owner };
  switch (spec.placement) {
    case 'houlsby':
      model.hooks.on('attention.output', (a, ctx) => tf.add(a, bottleneckOf(bySite.get(`mh:${ctx.layer}`)!, a, ctx)), opts);
      model.hooks.on('ffn.output', (f, ctx) => tf.add(f, bottleneckOf(bySite.get(`output:${ctx.layer}`)!, f, ctx)), opts);
      break;
    case 'lin':
      model.hooks.on('layer.output', (y, ctx) => tf.add(y, bottleneckOf(bySite.get(`output:${ctx.layer}`)!, y, ctx)), opts);
      break;
    case 'pfeiffer':
    case 'parallel': {
      // The FFN's residual input r_l, seen at 'attention.residual' earlier in the same layer's forward.
      const residual = new Map<number, tf.Tensor>();
      model.hooks.on('attention.residual', (r, ctx) => (residual.set(ctx.layer, r), r), opts);
      model.hooks.on(
        'ffn.output',
        (f, ctx) => {
          const r = residual.get(ctx.layer)!;
          residual.delete(ctx.layer);
          const mod = bySite.get(`output:${ctx.layer}`)!;
          if (spec.placement === 'parallel') return tf.add(f, bottleneckOf(mod, r, ctx));
          let x = tf.add(f, r);
          if (arch.postLn) {
            const ln = arch.outputLayerNorm!(ctx.layer);
            x = layerNorm(x, model.params.get(`${ln.name}.weight`).variable, model.params.tryGet(`${ln.name}.bias`)?.variable, ln.eps);
          }
          return tf.add(f, bottleneckOf(mod, x, ctx));
        },
        opts,
      );
      break;
    }
  }
  return { arch, modules, params, weights };
}

/** (Re)draw the adapter weights from `seed` (the same seed gives the same weights); biases 0, LayerNorm 1 / 0. */
export function initAdapterWeights(modules: AdapterModule[], init: AdapterInit, seed: number): void {
  modules.forEach((mod, i) =>
    tf.tidy(() => {
      const s = (k: number) => (seed + 2 * i + k) % 2 ** 31;
      const draw = (p: Parameter, k: number, role: 'down' | 'up'): tf.Tensor => {
        const shape = p.variable.shape;
        if (init === 'bert') return seededRandomNormal(shape, 0, 0.02, s(k));
        if (init === 'houlsby') return tf.truncatedNormal(shape, 0, 0.01, 'float32', s(k) === 0 ? 0.5 : s(k));
        if (role === 'up') return tf.zeros(shape);
        const bound = 1 / Math.sqrt(shape[0]); // kaiming_uniform_(a=√5) on a [out, in] weight: U(±1/√in)
        return tf.randomUniform(shape, -bound, bound, 'float32', s(k));
      };
      mod.down.variable.assign(draw(mod.down, 0, 'down'));
      mod.up.variable.assign(draw(mod.up, 1, 'up'));
      mod.downBias.variable.assign(tf.zerosLike(mod.downBias.variable));
      mod.upBias.variable.assign(tf.zerosLike(mod.upBias.variable));
      mod.lnWeight?.variable.assign(tf.onesLike(mod.lnWeight.variable));
      mod.lnBias?.variable.assign(tf.zerosLike(mod.lnBias.variable));
    }),
  );
}
