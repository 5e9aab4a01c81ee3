/** SparseAdapter: the adapter of @peftbench/method-adapter, pruned at init (prune.ts), trained under the mask. */
import * as tf from '@tensorflow/tfjs-core';
import type { PreTrainedModel, TaskSpec } from '@peftbench/core';
import { applyAdapter, type AppliedAdapter } from '@peftbench/method-adapter';
import { Rng } from '@peftbench/util';
import { sparseVariant, type SparseAdapterConfig } from './config.ts';
import { applyMasks, keepMasks } from './prune.ts';

export interface AppliedSparseAdapter extends AppliedAdapter {
  /** Whether the mask has been fixed (at apply for magnitude / random, in prepare for SNIP, or by loading). */
  pruned(): boolean;
}

export function applySparseAdapter(model: PreTrainedModel, cfg: SparseAdapterConfig, task: TaskSpec): AppliedSparseAdapter {
  const { adapter: _a, sparsity, pruner, scoreBatches, scoreBatchSize, ...adapterCfg } = cfg;
  const variant = sparseVariant(cfg);
  const seed = model.nextInitSeed();
  const applied = applyAdapter(variant, model, adapterCfg, task, { allowLargeBottleneck: true, seed });
  const weights = applied.installed.weights;
  let done = false;
  const prune = (scores: Float32Array[]) => {
    applyMasks(model, weights, keepMasks(scores, sparsity));
    done = true;
  };
  if (pruner === 'magnitude') prune(weights.map((p) => tf.tidy(() => tf.abs(p.variable).dataSync() as Float32Array)));
  if (pruner === 'random') {
    const rng = new Rng(seed ^ 0x2545f491);
    prune(weights.map((p) => Float32Array.from({ length: p.variable.size }, () => rng.next())));
  }
  const base = applied.adapterConfig;
  const loadBase = applied.loadAdapterTensors;
  return {
    ...applied,
    pruned: () => done,
    async prepare(ctx) {
      if (pruner !== 'snip' || done) return;
      const names = weights.map((p) => p.name);
      const sums = weights.map((p) => new Float32Array(p.variable.size));
      let n = 0;
      for (const batch of ctx.batches(scoreBatchSize)) {
        if (n++ >= scoreBatches) break;
        const grads = ctx.gradients(batch, names);
        weights.forEach((p, i) => {
          const g = grads.get(p.name)!.dataSync();
          for (let j = 0; j < g.length; j++) sums[i][j] += g[j];
        });
        for (const g of grads.values()) g.dispose();
      }
      if (n === 0) throw new Error("method 'sparse-adapter': SNIP needs at least one training batch before training");
      // SNIP: |θ ⊙ ∂L/∂θ| at initialisation.
      prune(weights.map((p, i) => {
        const w = p.variable.dataSync();
        return sums[i].map((g, j) => Math.abs(g * w[j]));
      }));
    },
    beforeUpdate() {
      if (!done) throw new Error("method 'sparse-adapter': the adapter was not pruned before training (pruner 'snip' prunes in prepare(), which train() calls)");
    },
    adapterConfig() {
      const c = base();
      return { ...c, peftbench: { ...(c.peftbench as object), method: 'sparse-adapter', adapter: cfg.adapter, sparsity, pruner } };
    },
    loadAdapterTensors(tensors, file) {
      loadBase(tensors, file);
      // The mask is the saved zeros: pruned entries were exactly 0 and stay so under the mask.
      applyMasks(model, weights, weights.map((p) => tf.tidy(() => tf.notEqual(p.variable, 0).dataSync() as Uint8Array)));
    },
  };
}
