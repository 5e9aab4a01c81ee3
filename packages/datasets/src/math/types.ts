import type { SkippedRow } from '../common/bad-rows.ts';

/** One record of Math10K or of an evaluation set (LLM-Adapters JSON layout). */
export interface MathRecord {
  instruction: string;
  input: string;
  /** Rationale + answer (Math10K: the training target; eval sets: a shipped model output, unused). */
  output: string;
  /** A numeric string ("576.0") or, for AQuA, a letter A-E. */
  answer: string;
  /** AQuA-style multiple choice options parsed from "Answer Choices: (A) ... (B) ...". */
  options?: Record<string, string>;
  idx: number;
}

export interface MathData {
  /** Math10K (absent when the folder has no math_10k.json). */
  train?: MathRecord[];
  /** Evaluation sets by name: gsm8k, SVAMP, MultiArith, AddSub, AQuA, SingleEq. */
  eval: Record<string, MathRecord[]>;
  skipped: SkippedRow[];
  source: string;
  isDemo: boolean;
}
