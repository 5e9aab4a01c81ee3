/**
 * Trainable scalars of a selective method from config.json alone: the budget B (how the ID3 paper
 * prints its counts), capped by the pool it is chosen from when that pool is known from the config
 * (a Pfeiffer adapter or a LoRA module can hold fewer than B scalars). The dense head is not counted,
 * as the papers do not count it.
 */
import type { HfConfig, TaskSpec } from '@peftbench/core';
import type { SelectiveConfig } from './config.ts';
import { pfeifferParamCount } from './pfeiffer.ts';
import { loraPoolSize } from './lora-targets.ts';

export function modelDims(hf: HfConfig): { hiddenSize: number; numLayers: number } {
  const num = (...keys: string[]) => {
    for (const k of keys) if (typeof hf[k] === 'number') return hf[k] as number;
    throw new Error(`config.json has none of ${keys.join(' / ')}`);
  };
  return { hiddenSize: num('hidden_size', 'n_embd', 'd_model'), numLayers: num('num_hidden_layers', 'n_layer', 'num_layers') };
}

/** Scalars entries are chosen from, or undefined when the config alone cannot tell (base weights). */
export function poolSize(hf: HfConfig, cfg: SelectiveConfig, task: TaskSpec): number | undefined {
  if (cfg.targets === 'adapter') return pfeifferParamCount({ ...modelDims(hf), reductionFactor: cfg.adapter.reductionFactor });
  if (cfg.targets === 'lora') return loraPoolSize(hf, cfg.lora ?? {}, task);
  return undefined;
}

export function selectiveCount(hf: HfConfig, cfg: SelectiveConfig, task: TaskSpec): number {
  const pool = poolSize(hf, cfg, task);
  return pool === undefined ? cfg.budget : Math.min(cfg.budget, pool);
}
