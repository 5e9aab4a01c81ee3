import type { EncodedExample } from './batch.ts';

/** A causal-LM example: input ids, per-token labels (-100 = no loss), and where each part sits. */
export interface CausalExample extends EncodedExample {
  label: number[];
  /** Tokens of the source (prompt) part, including its EOS when one is added. */
  sourceLength: number;
  /** Start and length of inserted tokens (information tokens / prompts) between source and target. */
  insertStart: number;
  insertLength: number;
  /** Target tokens including the final EOS (0 for a generation prompt). */
  targetLength: number;
}

/**
 * Lay out source | inserted | target for a causal LM, with labels masked (-100) on everything but the
 * target (RED/IT-Tuning E2E: loss on the reference and its EOS only). Without a target this is a
 * generation prompt.
 */
export function causalLayout(source: number[], insert: number[], target: number[] | undefined, idx: number): CausalExample {
  const t = target ?? [];
  const inputIds = [...source, ...insert, ...t];
  return {
    inputIds,
    typeIds: inputIds.map(() => 0),
    label: [...source.map(() => -100), ...insert.map(() => -100), ...t],
    idx,
    sourceLength: source.length,
    insertStart: source.length,
    insertLength: insert.length,
    targetLength: t.length,
  };
}
