/**
 * The shape of one paper's tables (the schema of papers/tables/README.md in the shared folder, kept as is so
 * the two can be compared value for value). Values are as printed: numbers on the paper's scale, strings
 * where the paper prints text (RED Table 8 sizes, ID3 Table 6 splits), null for "-" or not given.
 */
export type PaperValue = number | string | null;

export interface PaperInfo {
  title: string;
  authors: string[];
  affiliation: string;
  year: number;
  year_source: string;
  venue_if_stated: string | null;
  venue_external: string;
  code_url?: string;
  [field: string]: unknown;
}

/** A row of any table: results rows carry method / model / params; data tables (RED T8, T17, ID3 T6) do not. */
export interface PaperRow {
  /** The paper's row label, normalised (e.g. "FT", "LoRA", "Adpt^P", "-Scaling Vector"). */
  method?: string;
  /** Backbone, e.g. "RoBERTa-base", "GPT-2 large", "DeBERTa-v3-base". */
  model?: string;
  /** Trainable parameters as printed ("0.02M", "103K"); null where the table prints none. */
  trainable_params?: string | null;
  /** `trainable_params` converted literally (carries the paper's rounding; not an exact count). */
  trainable_params_count?: number | null;
  /** ID3: the budget of fine-tuned scalars ("103K", "320K", "184M" for Full-FT). */
  budget?: string | null;
  values: Record<string, PaperValue>;
  std?: Record<string, number | null>;
  label_as_printed?: string;
  /** Variant keys inside one table: IT-Tuning T3 `rank`, RED T5 `rank`, RED T7 `position`, RED T16 `turn`, ... */
  rank?: number | null;
  position?: string;
  turn?: string;
  [field: string]: unknown;
}

/** A row of a results table: method, backbone and printed parameter count always present. */
export interface ResultRow extends PaperRow {
  method: string;
  model: string;
  trainable_params: string | null;
}

export interface PaperTableData {
  id: string;
  caption: string;
  /** null for data tables (splits, sizes) that have no backbone. */
  model: string | null;
  dataset_or_benchmark: string;
  metric_per_column: Record<string, string>;
  columns: string[];
  average_column: string | null;
  average_over?: string[];
  rows: PaperRow[];
  notes?: string;
  [field: string]: unknown;
}

export interface HyperparameterBlock {
  /** e.g. "table9" (RED), "table4" (IT-Tuning), "table7a" (ID3); null for settings read from the prose (`source`). */
  table_id: string | null;
  source?: string;
  model?: string;
  method: string;
  columns?: string[];
  caption?: string;
  /** Scalars apply to every column; objects are keyed by the block's columns. */
  settings: Record<string, unknown>;
  notes?: string | string[];
  [field: string]: unknown;
}

export interface PaperFile {
  paper: PaperInfo;
  source_text: string;
  conventions: string;
  tables: PaperTableData[];
  hyperparameters: HyperparameterBlock[];
}
