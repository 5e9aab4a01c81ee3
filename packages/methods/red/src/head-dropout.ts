/**
 * The classification head's dropout is read by core's encoder from config.json (classifier_dropout,
 * falling back to hidden_dropout_prob, as HF does); the hook API has no handle on it. So RED's
 * `headDropout` is honoured by building the model from a config with classifier_dropout set, and
 * `apply` refuses a model whose head dropout differs from the one asked for.
 */
import type { HfConfig, PreTrainedModel } from '@peftbench/core';
import { InputError } from '@peftbench/util';

/** A copy of config.json whose classification head uses dropout `rate`. */
export function withHeadDropout<C extends HfConfig>(config: C, rate: number): C {
  return { ...config, classifier_dropout: rate };
}

/** The dropout rate HF's RoBERTa/BERT heads use for this config. */
export function effectiveHeadDropout(config: HfConfig): number | undefined {
  const own = config.classifier_dropout;
  if (typeof own === 'number') return own;
  return typeof config.hidden_dropout_prob === 'number' ? config.hidden_dropout_prob : undefined;
}

export function checkHeadDropout(model: PreTrainedModel, wanted: number | null): void {
  if (wanted === null) return;
  const actual = effectiveHeadDropout(model.config);
  if (actual !== wanted) {
    throw new InputError(
      `method 'red' config [headDropout]: ${wanted} asked for, but this model's head dropout is ${actual ?? 'not set'}; ` +
        `create the model from withHeadDropout(config, ${wanted}) (hooks cannot change head dropout)`,
    );
  }
}
