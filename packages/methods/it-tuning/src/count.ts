/** 3 edits × (R + 1) vectors × d per layer (eq. 1); the NLU head is not counted, as the paper counts. */
import type { HfConfig } from '@peftbench/core';
import type { ItTuningConfig } from './config.ts';
import { modelDims } from './dims.ts';

export function itTuningCount(hf: HfConfig, cfg: Pick<ItTuningConfig, 'rank'>): number {
  const { hiddenSize, numLayers } = modelDims(hf);
  return 3 * (cfg.rank + 1) * hiddenSize * numLayers;
}

/** The paper's print style: millions truncated (not rounded) to two decimals (147,456 → "0.14M"). */
export function formatMillionsTruncated(n: number): string {
  return `${(Math.floor(n / 1e4) / 100).toFixed(2)}M`;
}
