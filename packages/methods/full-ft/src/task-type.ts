/** HF PEFT's `task_type` field (peft.TaskType) for a core task; masked LM has no PEFT task type. */
import type { TaskKind } from '@peftbench/core';

export function peftTaskType(kind: TaskKind): string | null {
  switch (kind) {
    case 'sequence-classification':
      return 'SEQ_CLS';
    case 'token-classification':
      return 'TOKEN_CLS';
    case 'causal-lm':
      return 'CAUSAL_LM';
    case 'bare':
      return 'FEATURE_EXTRACTION';
    default:
      return null;
  }
}

/** Whether a task's head is trained from scratch alongside a PEFT method (classification heads). */
export function trainsHead(kind: TaskKind): boolean {
  return kind === 'sequence-classification' || kind === 'token-classification';
}
