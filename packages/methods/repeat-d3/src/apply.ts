/**
 * repeat-D3 (ID3 paper §6, Figures 5 and 6; the repeat-S baseline): before every optimizer step, forget
 * the previous choice and take the D3-top-B entries afresh, so each step updates B entries but over
 * training the union of updated entries can grow far past B. Only that union is saved (it is what changed).
 */
import type { PreTrainedModel, TaskSpec } from '@peftbench/core';
import { applySelective, choosePicks, d3Scores, globalTopK, SelectionState, type SelectiveApplied } from '@peftbench/selective';
import type { RepeatD3Config } from './config.ts';

export interface RepeatD3Applied extends SelectiveApplied {
  /** Every entry chosen at some step (what actually changed). */
  readonly everChosen: SelectionState;
}

export function applyRepeatD3(model: PreTrainedModel, config: RepeatD3Config, task: TaskSpec): RepeatD3Applied {
  let union: SelectionState | undefined;
  const applied = applySelective(model, config, task, {
    name: 'repeat-d3',
    extraConfig: { exp: config.exp, eps: config.eps, selection: 'repeat' },
    strategy: {
      atApply(sel) {
        union = new SelectionState(sel.targets);
        sel.saved = union;
      },
      beforeUpdate(sel, ctx) {
        sel.state.clear();
        const scores = d3Scores(sel, ctx, config.eps, config.exp);
        try {
          const picks = globalTopK(scores, Math.min(config.budget, sel.state.poolSize), sel.state);
          choosePicks(sel.state, picks);
          choosePicks(union!, picks);
        } finally {
          scores.forEach((s) => s.dispose());
        }
      },
    },
  });
  return Object.assign(applied, { everChosen: union! });
}
