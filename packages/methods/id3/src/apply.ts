/**
 * ID3 = increment-S selection + D3 heuristic (paper Algorithm 1). Before each optimizer step t: score
 * every not-yet-chosen entry of every target tensor with D3 on this step's gradient, add the global
 * top-u_t to Λ (u_t from the uniform scheduler), never past the budget B; the entries chosen now are
 * updated in this same step (the optimizer runs after).
 */
import type { PreTrainedModel, TaskSpec } from '@peftbench/core';
import { applySelective, choosePicks, d3Scores, globalTopK, type SelectiveApplied } from '@peftbench/selective';
import type { Id3Config } from './config.ts';
import { uniformUnmaskCount } from './schedule.ts';

export function applyId3(model: PreTrainedModel, config: Id3Config, task: TaskSpec): SelectiveApplied {
  return applySelective(model, config, task, {
    name: 'id3',
    extraConfig: { exp: config.exp, eps: config.eps, scheduler: 'uniform', total_steps: config.totalSteps ?? null },
    strategy: {
      beforeUpdate(sel, ctx) {
        const T = config.totalSteps ?? ctx.totalSteps;
        const room = Math.min(config.budget, sel.state.poolSize) - sel.state.size;
        const u = Math.min(uniformUnmaskCount(ctx.step, T, config.budget), room);
        if (u <= 0) return;
        const scores = d3Scores(sel, ctx, config.eps, config.exp);
        try {
          choosePicks(sel.state, globalTopK(scores, u, sel.state));
        } finally {
          scores.forEach((s) => s.dispose());
        }
      },
    },
  });
}
