/**
 * 3 edits × (R + 1) vectors × d per layer (eq. 1); the NLU head is not counted, as the paper counts. Every
 * operation combination of §3.3 / Figure 6 (`operations`) has the same count: scaling and shifting vectors have
 * the same shapes, only their start (1 / 0) and learning rate (α·η / η) differ.
 */
import type { HfConfig } from '@peftbench/core';
import type { ItTuningConfig } from './config.ts';
import { modelDims } from './dims.ts';

export function itTuningCount(hf: HfConfig, cfg: Pick<ItTuningConfig, 'rank'> & Partial<Pick<ItTuningConfig, 'operations'>>): number {
  const { hiddenSize, numLayers } = modelDims(hf);
  return 3 * (cfg.rank + 1) * hiddenSize * numLayers;
}

/** The paper's print style: millions truncated (not rounded) to two decimals (147,456 → "0.14M"). */
export function formatMillionsTruncated(n: number): string {
  return `${(Math.floor(n / 1e4) / 100).toFixed(2)}M`;
}
