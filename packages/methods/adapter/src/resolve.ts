/** Shared by apply and count: the bottleneck size and the adapted layers, with errors naming the option. */
import { layerIndexOf } from '@peftbench/method-full-ft';
import { InputError } from '@peftbench/util';
import type { AdapterConfig } from './config.ts';

/** m = bottleneck, else floor(hidden / reductionFactor); at least 1 and (unless allowed) at most the hidden size. */
export function bottleneckSize(hidden: number, cfg: Pick<AdapterConfig, 'bottleneck' | 'reductionFactor'>, method: string, allowLarger = false): number {
  if (cfg.bottleneck !== null && cfg.bottleneck !== undefined) {
    if (!allowLarger && cfg.bottleneck > hidden) {
      throw new InputError(`method '${method}' config [bottleneck]: ${cfg.bottleneck} is larger than the hidden size ${hidden} (an adapter is a bottleneck)`);
    }
    return cfg.bottleneck;
  }
  const m = Math.floor(hidden / cfg.reductionFactor);
  if (m < 1) throw new InputError(`method '${method}' config [reductionFactor]: ${cfg.reductionFactor} leaves a bottleneck of ${hidden} / ${cfg.reductionFactor} < 1`);
  if (!allowLarger && m > hidden) {
    throw new InputError(`method '${method}' config [reductionFactor]: ${cfg.reductionFactor} < 1 makes the bottleneck (${m}) larger than the hidden size ${hidden}`);
  }
  return m;
}

/**
 * Layers (global indices) that get adapters. `stacks` = the layer count of each stack in order (encoder,
 * decoder for T5; one stack otherwise); dropLowest drops the lowest n of every stack.
 */
export function adaptedLayers(stacks: number[], cfg: Pick<AdapterConfig, 'dropLowest' | 'layers'>, method: string): number[] {
  const total = stacks.reduce((a, b) => a + b, 0);
  if (cfg.layers) {
    for (const [i, l] of cfg.layers.entries()) {
      if (l >= total) throw new InputError(`method '${method}' config [layers.${i}]: layer ${l} does not exist (the model has ${total} layers)`);
    }
  }
  if (stacks.some((n) => cfg.dropLowest > n)) {
    throw new InputError(`method '${method}' config [dropLowest]: ${cfg.dropLowest} is more than the ${Math.min(...stacks)} layers of the model`);
  }
  const out: number[] = [];
  let offset = 0;
  for (const n of stacks) {
    for (let i = 0; i < n; i++) {
      const l = offset + i;
      if (i < cfg.dropLowest) continue;
      if (cfg.layers && !cfg.layers.includes(l)) continue;
      out.push(l);
    }
    offset += n;
  }
  return out;
}

/** Core's layer index of a parameter: T5 names its blocks `encoder.block.3.` / `decoder.block.3.` and core numbers decoder layers after the encoder's. */
export function layerOf(name: string, encoderLayers: number): number {
  const t5 = /^(encoder|decoder)\.block\.(\d+)\./.exec(name);
  if (t5) return Number(t5[2]) + (t5[1] === 'decoder' ? encoderLayers : 0);
  return layerIndexOf(name);
}
