/** Which base/head parameters full fine-tuning trains: all, or (topLayers = k) the top k layers + head. */
import { InputError } from '@peftbench/util';
import { isFinalNorm, layerIndexOf } from './layer-names.ts';
import type { FullFtConfig } from './config.ts';

export function fullFtTrains(name: string, owner: string, numLayers: number, cfg: FullFtConfig): boolean {
  if (cfg.topLayers === undefined || owner === 'head') return true;
  // The final norm of a pre-LN decoder sits after the top layer and shapes its output, so it trains with it.
  return layerIndexOf(name) >= numLayers - cfg.topLayers || isFinalNorm(name);
}

export function checkTopLayers(cfg: FullFtConfig, numLayers: number, source: string): void {
  if (cfg.topLayers !== undefined && cfg.topLayers > numLayers) {
    throw new InputError(`${source} [topLayers]: ${cfg.topLayers} is more than the model's ${numLayers} layers`);
  }
}
