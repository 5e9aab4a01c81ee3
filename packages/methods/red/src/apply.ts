/**
 * RED (eq. 3): h2 = l_scaling ⊙ h1 + l_bias on the output of every layer's FFN down-projection, before
 * dropout, residual add and LayerNorm (core's 'ffn.output' point), and/or on the attention output
 * projection ('attention.output'). l_scaling starts at 1 and l_bias at 0, so a fresh edit is the identity.
 * Only the edit vectors train, plus a classification head for classification tasks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { paramsAdapterIO, type AppliedMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { peftTaskType, trainsHead } from '@peftbench/method-full-ft';
import { InputError } from '@peftbench/util';
import { RED_SITES, redSites, redVectors, type RedConfig } from './config.ts';
import { checkHeadDropout } from './head-dropout.ts';

/** Registry name of one edit vector, e.g. `red.layer.3.ffn.scaling`. */
export function redParamName(layer: number, site: 'ffn' | 'attn', vector: 'scaling' | 'bias'): string {
  return `red.layer.${layer}.${site}.${vector}`;
}

export function applyRed(model: PreTrainedModel, cfg: RedConfig, task: TaskSpec): AppliedMethod {
  if (cfg.headDropout !== null && !trainsHead(task.kind)) {
    throw new InputError(`method 'red' config [headDropout]: task '${task.kind}' has no classification head to apply it to`);
  }
  checkHeadDropout(model, cfg.headDropout);
  for (const p of model.params.all()) {
    if (p.owner === 'base') p.trainable = false;
    else if (p.owner === 'head') p.trainable = trainsHead(task.kind);
  }
  const D = model.hiddenSize;
  const names: string[] = [];
  for (const site of redSites(cfg)) {
    const vectors: Partial<Record<'scaling' | 'bias', tf.Variable>>[] = [];
    for (let layer = 0; layer < model.numLayers; layer++) {
      const entry: Partial<Record<'scaling' | 'bias', tf.Variable>> = {};
      for (const vector of redVectors(cfg)) {
        const name = redParamName(layer, site, vector);
        const init = vector === 'scaling' ? tf.ones([D]) : tf.zeros([D]);
        entry[vector] = tf.variable(init, true, `${name}_${Math.random().toString(36).slice(2, 8)}`);
        init.dispose();
        model.params.add({ name, variable: entry[vector]!, trainable: true, owner: 'red', decay: false });
        names.push(name);
      }
      vectors.push(entry);
    }
    model.hooks.on(
      RED_SITES[site],
      (h1, ctx) => {
        const { scaling, bias } = vectors[ctx.layer];
        const scaled = scaling ? tf.mul(h1, scaling) : h1; // [B, T, D] ⊙ [D]
        return bias ? tf.add(scaled, bias) : scaled;
      },
      { owner: 'red' },
    );
  }
  const heads = model.params.all().filter((p) => p.owner === 'head' && p.trainable).map((p) => p.name);
  const saved = [...names, ...heads];
  return {
    ...paramsAdapterIO(model, () => saved),
    adapterConfig() {
      const modules = [...new Set(heads.map((n) => n.replace(/\.[^.]+$/, '')))];
      return {
        peft_type: 'RED',
        positions: cfg.positions,
        variant: cfg.variant,
        head_dropout: cfg.headDropout,
        hidden_size: D,
        num_layers: model.numLayers,
        task_type: peftTaskType(task.kind),
        modules_to_save: modules.length ? modules : null,
        base_model_name_or_path: (model.config._name_or_path as string | undefined) ?? null,
      };
    },
  };
}
