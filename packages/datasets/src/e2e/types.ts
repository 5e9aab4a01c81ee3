import type { SkippedRow } from '../common/bad-rows.ts';

/** One (MR, reference) line of an E2E CSV: the flat pairs used for training. */
export interface E2ePair {
  mr: string;
  ref: string;
  /** 0-based position in the split. */
  idx: number;
}

/** One distinct MR with all its references, in first-appearance order (scoring groups). */
export interface E2eGroup {
  mr: string;
  refs: string[];
  idx: number;
}

export interface E2eSplit {
  pairs: E2ePair[];
  groups: E2eGroup[];
}

export interface E2eData {
  /** train (when trainset.csv is present), validation, test. */
  splits: Record<string, E2eSplit>;
  skipped: SkippedRow[];
  source: string;
  isDemo: boolean;
}
