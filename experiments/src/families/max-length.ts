/**
 * The longest input a run can use: the sweep's maxLength, cut to the model's positions (RoBERTa numbers
 * positions from pad_token_id + 1, HF create_position_ids_from_input_ids; BERT from 0). A cut is logged once
 * and recorded in the result's message, so a spec that says 256 never silently ran at 64.
 */
import type { HfConfig } from '@peftbench/core';
import type { RunSpec } from '../run-types.ts';

export function modelMaxTokens(config: HfConfig): number {
  const c = config as unknown as { model_type: string; max_position_embeddings?: number; n_positions?: number; pad_token_id?: number };
  const positions = c.max_position_embeddings ?? c.n_positions;
  if (typeof positions !== 'number') return Infinity;
  return c.model_type === 'roberta' ? positions - (c.pad_token_id ?? 1) - 1 : positions;
}

export function usableLength(spec: RunSpec, config: HfConfig, modelDir: string): number {
  const max = modelMaxTokens(config);
  if (spec.hyper.maxLength <= max) return spec.hyper.maxLength;
  console.warn(`run ${spec.id}: maxLength ${spec.hyper.maxLength} is more than ${modelDir} has positions for; using ${max}`);
  return max;
}
