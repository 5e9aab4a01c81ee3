/**
 * How a chosen set Λ spreads over the target tensors (ID3 paper §6, "Can we sparsify tensor parameters using
 * ID3?" and "Are all the tensor parameters equally important?"):
 *  - tensor sparsity (Figure 8): the share of the M target tensors P_j with no chosen entry (∄ θ_k ∈ P_j ∩ Λ),
 *    1 before anything is chosen;
 *  - sparsity entropy (Figure 9): the Shannon entropy of the distribution p_j = |P_j ∩ Λ| / |Λ| over the
 *    tensors (the paper's text garbles the denominator; it has to sum to one to be a distribution). We record
 *    it in nats and divided by ln M (0 = every chosen entry in one tensor, 1 = spread evenly over all M);
 *    the paper's axis (0 … 0.7) fits the normalised value.
 * Both figures plot these against the training iteration; `layerStats` adds the same numbers per transformer
 * layer after training (the allocation Figure 7 draws as a heat map).
 */
import type { SelectionState } from './selection.ts';

export interface SelectionStats {
  /** |Λ| (for repeat-D3: every entry chosen at some step). */
  budgetUsed: number;
  /** M: target tensors. */
  tensors: number;
  /** Share of the M tensors with no chosen entry (Figure 8). */
  tensorSparsity: number;
  /** −Σ p_j ln p_j with p_j = |P_j ∩ Λ| / |Λ| (nats); 0 when Λ is empty. */
  entropy: number;
  /** entropy / ln M (Figure 9's scale); 0 when M = 1 or Λ is empty. */
  entropyNormalized: number;
}

export interface SelectionTracePoint extends SelectionStats {
  /** Training iteration: optimizer updates applied, this one included. */
  step: number;
}

export interface LayerStats {
  /** Transformer layer index (0-based, as in the tensor names). */
  layer: number;
  /** Target tensors of this layer. */
  tensors: number;
  /** Chosen entries in this layer and the layer's scalars. */
  chosen: number;
  size: number;
  /** Share of this layer's tensors with no chosen entry. */
  sparsity: number;
  /** Normalised entropy of p_j = |P_j ∩ Λ| / |Λ ∩ layer| over this layer's tensors (0 when nothing is chosen there). */
  entropy: number;
  /** chosen / size. */
  density: number;
  /** chosen / |Λ|: the layer's share of the budget used. */
  share: number;
}

/** Tensor sparsity and entropy of counts per tensor (pure; `counts[j]` = |P_j ∩ Λ|). */
export function countStats(counts: readonly number[]): SelectionStats {
  const M = counts.length;
  const total = counts.reduce((s, c) => s + c, 0);
  let entropy = 0;
  for (const c of counts) if (c > 0) entropy -= (c / total) * Math.log(c / total);
  const empty = counts.filter((c) => c === 0).length;
  return {
    budgetUsed: total,
    tensors: M,
    tensorSparsity: M === 0 ? 1 : empty / M,
    entropy,
    entropyNormalized: M > 1 && total > 0 ? entropy / Math.log(M) : 0,
  };
}

/** The statistics of a selection state over its target tensors. */
export function selectionStats(state: SelectionState): SelectionStats {
  return countStats(state.targets.map((p) => state.countIn(p.name)));
}

/** Layer index in a tensor name (`…layer.3.…`, `…layers.3.…`, GPT-2 `…h.3.…`, `…block.3.…`), or undefined. */
export function layerOf(name: string): number | undefined {
  const m = /(?:^|\.)(?:layer|layers|h|block)\.(\d+)\./.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Per-layer statistics of a selection state; tensors outside the layers (embeddings, pooler) are left out. */
export function layerStats(state: SelectionState, layerOfName: (name: string) => number | undefined = layerOf): LayerStats[] {
  const byLayer = new Map<number, { counts: number[]; size: number }>();
  for (const p of state.targets) {
    const l = layerOfName(p.name);
    if (l === undefined) continue;
    const e = byLayer.get(l) ?? { counts: [], size: 0 };
    e.counts.push(state.countIn(p.name));
    e.size += p.variable.size;
    byLayer.set(l, e);
  }
  const all = state.size;
  return [...byLayer]
    .sort((a, b) => a[0] - b[0])
    .map(([layer, { counts, size }]) => {
      const s = countStats(counts);
      return { layer, tensors: s.tensors, chosen: s.budgetUsed, size, sparsity: s.tensorSparsity, entropy: s.entropyNormalized, density: s.budgetUsed / size, share: all > 0 ? s.budgetUsed / all : 0 };
    });
}
