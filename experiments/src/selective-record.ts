/**
 * What a run of a selective method (ID3, repeat-D3, PaFi, Fish, random mask: @peftbench/selective) adds to its
 * result, for the ID3 paper's figures:
 *  - `budgetScores` (Figure 5): each snapshot the method kept at its `checkpointBudgets`, evaluated after
 *    training on the selection split with the family's own evaluation (the snapshot is put on the model —
 *    apply-time values plus the snapshot's entries and head — and the model is restored afterwards);
 *  - `sparsityTrace` (Figures 8 / 9): tensor sparsity and sparsity entropy of the updated entries after each
 *    training iteration (at most TRACE_POINTS points, evenly thinned, the last one always kept);
 *  - `layerStats`: the same per transformer layer after training (the allocation of Figure 7).
 * The applied method is recognised by shape, so experiments needs no dependency on the selective package.
 */
import type { AppliedMethod } from '@peftbench/core';
import type { BudgetScore, LayerStat, SelectiveRecord, SparsityPoint } from './run-types.ts';

/** The part of @peftbench/selective's SelectiveApplied a run uses. */
export interface SelectiveView {
  readonly checkpoints: readonly { budget: number; budgetUsed: number; step: number }[];
  afterStep(stepsDone: number): void;
  withCheckpoint<T>(c: SelectiveView['checkpoints'][number], fn: () => T | Promise<T>): Promise<T>;
  selectionStats(): { trace: SparsityPoint[]; layers: LayerStat[] };
}

export function selectiveView(applied: AppliedMethod): SelectiveView | undefined {
  const a = applied as Partial<SelectiveView>;
  return Array.isArray(a.checkpoints) && typeof a.afterStep === 'function' && typeof a.withCheckpoint === 'function' && typeof a.selectionStats === 'function' ? (a as SelectiveView) : undefined;
}

export const TRACE_POINTS = 200;

/** At most `n` points, evenly spaced over the trace, the first and the last kept. */
export function thinTrace<T>(trace: readonly T[], n = TRACE_POINTS): T[] {
  if (trace.length <= n) return trace.slice();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(trace[Math.round((i * (trace.length - 1)) / (n - 1))]);
  return out;
}

/** Evaluate every snapshot (in budget order) and collect the statistics; the model is left as it was. */
export async function selectiveRecordOf(view: SelectiveView, evaluate: () => Record<string, number>, log: (line: string) => void = console.log): Promise<SelectiveRecord> {
  const budgetScores: BudgetScore[] = [];
  for (const c of view.checkpoints) {
    const metrics = await view.withCheckpoint(c, evaluate);
    log(`checkpoint at budget ${c.budget} (|Λ| ${c.budgetUsed}, after step ${c.step}) on the selection split: ${Object.entries(metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
    budgetScores.push({ budget: c.budget, budgetUsed: c.budgetUsed, step: c.step, metrics });
  }
  const { trace, layers } = view.selectionStats();
  const last = trace.at(-1);
  if (last) log(`selection after step ${last.step}: |Λ| ${last.budgetUsed}, tensor sparsity ${last.tensorSparsity.toFixed(4)} of ${last.tensors} tensors, sparsity entropy ${last.entropy.toFixed(4)} nats (${last.entropyNormalized.toFixed(4)} of ln M)`);
  return {
    ...(budgetScores.length > 0 ? { budgetScores } : {}),
    ...(trace.length > 0 ? { sparsityTrace: thinTrace(trace) } : {}),
    ...(layers.length > 0 ? { layerStats: layers } : {}),
  };
}
