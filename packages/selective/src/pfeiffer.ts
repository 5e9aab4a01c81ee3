/**
 * The Pfeiffer bottleneck adapter that ID3 / PaFi sparsify with `targets: 'adapter'` (ID3 Table 3): the real
 * one from @peftbench/method-adapter (AdapterHub's SeqBn placement: f ← f + A(LN_out(f + r)) on every layer's
 * FFN output, the layer's own LayerNorm reused, ReLU, AdapterHub weight keys), m = d / reduction.
 * Weights are drawn from a truncated N(0, 0.01²) (Houlsby et al.'s near-identity init, AdapterHub's
 * init_weights 'houlsby') with a recorded seed, so a sparse fine-tune of the adapter can be stored as
 * seed + chosen entries; biases start at 0.
 */
import type { Parameter, PreTrainedModel } from '@peftbench/core';
import { initAdapterWeights, installAdapters, type InstalledAdapters } from '@peftbench/method-adapter';

export const PFEIFFER_OWNER = 'pfeiffer';
export const ADAPTER_INIT_STD = 0.01;

export interface PfeifferShape {
  hiddenSize: number;
  numLayers: number;
  reductionFactor: number;
}

export function bottleneckSize(hiddenSize: number, reductionFactor: number): number {
  return Math.max(1, Math.floor(hiddenSize / reductionFactor));
}

/** Scalars of the dense adapter: L · (d·m + m + m·d + d) (the reused LayerNorm is not trained). */
export function pfeifferParamCount(s: PfeifferShape): number {
  const d = s.hiddenSize;
  const m = bottleneckSize(d, s.reductionFactor);
  return s.numLayers * (2 * d * m + m + d);
}

const installedOn = new WeakMap<PreTrainedModel, InstalledAdapters>();

/**
 * Add the adapter's parameters and hooks; returns its parameters in a fixed order. `methodName` names the
 * selective method in the adapter package's messages (e.g. an architecture it cannot place adapters on).
 */
export function addPfeifferAdapter(model: PreTrainedModel, reductionFactor: number, seed: number, methodName = 'id3'): Parameter[] {
  const installed = installAdapters(model, {
    placement: 'pfeiffer',
    bottleneck: bottleneckSize(model.hiddenSize, reductionFactor),
    nonLinearity: 'relu',
    scaling: 1,
    init: 'houlsby',
    dropout: 0,
    layers: Array.from({ length: model.numLayers }, (_, i) => i),
    name: PFEIFFER_OWNER,
    owner: PFEIFFER_OWNER,
    seed,
    method: methodName,
  });
  installedOn.set(model, installed);
  return installed.params;
}

/** (Re)draw the adapter's weights from `seed` (deterministic: the same seed gives the same weights). */
export function initPfeiffer(model: PreTrainedModel, seed: number): void {
  const installed = installedOn.get(model);
  if (!installed) throw new Error('initPfeiffer: this model has no Pfeiffer adapter (addPfeifferAdapter first)');
  initAdapterWeights(installed.modules, 'houlsby', seed);
}
