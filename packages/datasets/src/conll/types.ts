import type { SkippedRow } from '../common/bad-rows.ts';

export interface ConllSentence {
  tokens: string[];
  pos: string[];
  chunk: string[];
  /** NER tags as strings (O, B-PER, ...), IOB2 after `toIob2`. */
  ner: string[];
  /** NER label ids in NER_LABELS order. */
  nerIds: number[];
  /** 0-based document index (-DOCSTART- lines separate documents). */
  doc: number;
  idx: number;
}

export interface ConllData {
  /** train, validation, test. */
  splits: Record<string, ConllSentence[]>;
  labelNames: string[];
  skipped: SkippedRow[];
  source: string;
  isDemo: boolean;
}
