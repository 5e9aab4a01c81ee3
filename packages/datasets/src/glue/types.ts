import type { SkippedRow } from '../common/bad-rows.ts';
import type { GlueTask } from './tasks.ts';

/** One GLUE example. `label` is a class id, STS-B's score, or -1 for unlabeled test rows. */
export interface GlueExample {
  text: string;
  textPair?: string;
  label: number;
  /** 0-based position within its split (HF's `idx`). */
  idx: number;
}

export type GlueSplits = Record<string, GlueExample[]> & { train: GlueExample[]; validation: GlueExample[] };

export interface GlueData {
  task: GlueTask;
  /**
   * train, validation, test when present; MNLI also has validation_matched / validation_mismatched
   * (and test_matched / test_mismatched); its `validation` is the matched dev set (the same array).
   */
  splits: GlueSplits;
  labelNames: string[];
  /** 1 for the regression task (STS-B), as HF's num_labels. */
  numLabels: number;
  isRegression: boolean;
  /** HF column names of the text fields (['sentence'] or e.g. ['premise', 'hypothesis']). */
  textFields: string[];
  /** Rows skipped with `skipBadRows`, each naming file and line. */
  skipped: SkippedRow[];
  /** One line saying where the data came from; contains "demo data" for the demo suite. */
  source: string;
  isDemo: boolean;
}
