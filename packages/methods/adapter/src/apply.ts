/**
 * apply() for every adapter method: freeze the backbone, install the bottlenecks (bottleneck.ts), train the
 * head for classification tasks and, when configured, the layer norms of adapted layers. Files use
 * AdapterHub's names: adapter_config.json holds its BnConfig fields under "config"; the safetensors keys are
 * the full module paths (`roberta.encoder.layer.3.output.adapters.pfeiffer.adapter_up.weight`), torch layout.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AppliedMethod, Parameter, PreTrainedModel, TaskSpec } from '@peftbench/core';
import { peftTaskType, trainsHead } from '@peftbench/method-full-ft';
import { InputError } from '@peftbench/util';
import { adapterHubFlags, type AdapterConfig, type AdapterVariant } from './config.ts';
import { installAdapters, type InstalledAdapters } from './bottleneck.ts';
import { adaptedLayers, bottleneckSize, layerOf } from './resolve.ts';

/** A per-layer norm of the backbone (LayerNorm / RMSNorm gains and biases), by HF name. */
export function isLayerNorm(name: string): boolean {
  return /layernorm|layer_norm|(^|\.)ln_\d|norm\.(weight|bias)$/i.test(name);
}

export interface AppliedAdapter extends AppliedMethod {
  installed: InstalledAdapters;
  /** Everything saved: adapter tensors, trained layer norms, head. */
  savedNames(): string[];
  /** Why `merge` is not offered (bottleneck adapters do not fold into the base weights). */
  notMergeable: string;
}

export function notMergeableReason(method: string): string {
  return `method '${method}': a bottleneck adapter cannot be merged into the base weights (a non-linearity sits between its two projections, so no weight update equals it); it stays a module`;
}

/** Asked to merge an adapter: say why not (AppliedAdapter has no `merge`). */
export function mergeAdapter(applied: Pick<AppliedAdapter, 'notMergeable'>): never {
  throw new InputError(applied.notMergeable);
}

/** Layer count of each stack (T5: encoder, decoder; dropLowest counts per stack, as countAdapter does). */
export function layerStacks(model: PreTrainedModel): number[] {
  const m = model as PreTrainedModel & { numEncoderLayers?: number; numDecoderLayers?: number };
  return m.numEncoderLayers !== undefined && m.numDecoderLayers !== undefined ? [m.numEncoderLayers, m.numDecoderLayers] : [model.numLayers];
}

export interface ApplyOptions {
  /** Bottleneck may exceed the hidden size (SparseAdapter's Large-Sparse). */
  allowLargeBottleneck?: boolean;
  /** Owner name of the parameters and hooks (default: the method name). */
  owner?: string;
  seed?: number;
}

export function applyAdapter(variant: AdapterVariant, model: PreTrainedModel, cfg: AdapterConfig, task: TaskSpec, opts: ApplyOptions = {}): AppliedAdapter {
  const method = variant.name;
  const m = bottleneckSize(model.hiddenSize, cfg, method, opts.allowLargeBottleneck);
  const layers = adaptedLayers(layerStacks(model), cfg, method);
  if (layers.length === 0) throw new InputError(`method '${method}' config [layers]: no layer is left to hold an adapter`);
  for (const p of model.params.all()) {
    if (p.owner === 'base') p.trainable = false;
    else if (p.owner === 'head') p.trainable = trainsHead(task.kind);
  }
  const owner = opts.owner ?? method;
  const name = cfg.name ?? method;
  const installed = installAdapters(model, {
    placement: variant.placement,
    bottleneck: m,
    nonLinearity: cfg.nonLinearity,
    scaling: cfg.scaling,
    init: cfg.init,
    dropout: cfg.dropout,
    layers,
    name,
    owner,
    seed: opts.seed ?? model.nextInitSeed(),
    method,
  });
  const norms: Parameter[] = [];
  if (cfg.trainLayerNorm) {
    const set = new Set(layers);
    for (const p of model.params.all()) {
      if (p.owner === 'base' && p.variable.rank === 1 && isLayerNorm(p.name) && set.has(layerOf(p.name, layerStacks(model).length > 1 ? layerStacks(model)[0] : 0))) {
        p.trainable = true;
        norms.push(p);
      }
    }
  }
  const heads = model.params.all().filter((p) => p.owner === 'head' && p.trainable);
  const savedNames = () => [...installed.params, ...norms, ...heads].map((p) => p.name);
  const leaveOut = Array.from({ length: model.numLayers }, (_, i) => i).filter((l) => !layers.includes(l));
  return {
    installed,
    savedNames,
    adapterConfig() {
      const modules = [...new Set(heads.map((p) => p.name.replace(/\.[^.]+$/, '')))];
      return {
        // AdapterHub's adapter_config.json: the BnConfig under "config", then the model fields.
        config: {
          architecture: 'bottleneck',
          ...adapterHubFlags(variant.placement),
          reduction_factor: cfg.bottleneck !== null ? model.hiddenSize / m : cfg.reductionFactor,
          non_linearity: cfg.nonLinearity,
          init_weights: cfg.init,
          scaling: cfg.scaling,
          dropout: cfg.dropout,
          leave_out: leaveOut,
          phm_layer: false,
        },
        name,
        hidden_size: model.hiddenSize,
        model_type: model.config.model_type,
        model_name: (model.config._name_or_path as string | undefined) ?? null,
        version: 'peftbench',
        // peftbench's own fields: which method, the exact bottleneck, what else trains.
        peftbench: {
          method,
          bottleneck: m,
          train_layer_norm: cfg.trainLayerNorm,
          trained_layer_norms: norms.map((p) => p.name),
          task_type: peftTaskType(task.kind),
          modules_to_save: modules.length ? modules : null,
        },
      };
    },
    adapterTensors() {
      return new Map(savedNames().map((n) => [n, model.params.hfValue(n)] as [string, tf.Tensor]));
    },
    loadAdapterTensors(tensors, file) {
      const expected = new Set(savedNames());
      for (const [key, t] of tensors) {
        if (!expected.has(key)) throw new InputError(`${file} [${key}]: not a tensor of this adapter (expected AdapterHub keys such as ${savedNames()[0]})`);
        model.params.assignHf(key, t, file, key);
        expected.delete(key);
      }
      if (expected.size > 0) throw new InputError(`${file} [${[...expected][0]}]: tensor missing from the adapter`);
    },
    notMergeable: notMergeableReason(method),
  };
}
