/**
 * The report layouts: which columns a paper's GLUE table has, which task and metric fill each column,
 * and which paper row stands for each of our methods. Metric keys are those of @peftbench/metrics'
 * glueTaskMetrics (fractions; reports print ×100).
 */

export interface ColumnSpec {
  /** Column header exactly as in the paper table JSON. */
  column: string;
  task: string;
  /** Metric keys to try in order; the first present wins. */
  metric: string[];
  /** Derived metric when none of the keys is present (e.g. the mean of Pearson and Spearman). */
  derive?: (m: Record<string, number | null>) => number | null;
}

export interface GlueLayout {
  id: string;
  title: string;
  paper: 'red' | 'it-tuning' | 'id3';
  tableId: string;
  columns: ColumnSpec[];
  /** Our method id → the paper's `method` label. */
  methodLabels: Record<string, string>;
  /** Backbone used when the paper table has several and the sweep does not say (RED: base and large). */
  defaultPaperModel: string;
  /** Paper budget to compare with (ID3 prints 103K and 320K rows). */
  budget?: string;
}

const acc = (column: string, task: string): ColumnSpec => ({ column, task, metric: ['accuracy'] });
const cola: ColumnSpec = { column: 'CoLA', task: 'cola', metric: ['mcc'] };
const stsbPearson: ColumnSpec = { column: 'STS-B', task: 'stsb', metric: ['pearson'] };
const mean = (a: number | null | undefined, b: number | null | undefined) => (typeof a === 'number' && typeof b === 'number' ? (a + b) / 2 : null);

export const glueLayouts: Record<string, GlueLayout> = {
  // RED Table 1: MCC for CoLA, Pearson for STS-B, accuracy elsewhere (RED Table 8); MNLI matched (not stated).
  'red-table1': {
    id: 'red-table1',
    title: 'RED (Wu et al., ACL 2024) Table 1',
    paper: 'red',
    tableId: 'table1',
    columns: [acc('MNLI', 'mnli'), acc('SST-2', 'sst2'), acc('MRPC', 'mrpc'), cola, acc('QNLI', 'qnli'), acc('QQP', 'qqp'), acc('RTE', 'rte'), stsbPearson],
    methodLabels: { 'full-ft': 'FT', bitfit: 'BitFit', lora: 'LoRA', red: 'RED', adapter: 'Adapter' },
    defaultPaperModel: 'RoBERTa-base',
  },
  // IT-Tuning Table 1 (RoBERTa-large only): MCC for CoLA, Pearson for STS-B, accuracy elsewhere.
  'it-tuning-table1': {
    id: 'it-tuning-table1',
    title: 'IT-Tuning (Kim & Kim, RepL4NLP 2024) Table 1',
    paper: 'it-tuning',
    tableId: 'table1',
    columns: [cola, acc('SST-2', 'sst2'), acc('MRPC', 'mrpc'), stsbPearson, acc('QQP', 'qqp'), acc('MNLI', 'mnli'), acc('QNLI', 'qnli'), acc('RTE', 'rte')],
    methodLabels: { 'full-ft': 'FT', lora: 'LoRA', 'it-tuning': 'IT-Tuning' },
    defaultPaperModel: 'RoBERTa-large',
  },
  // ID3 Table 1 (DeBERTa-v3-base): MNLI matched and mismatched; STS-B = mean of Pearson and Spearman (Table 7b).
  'id3-table1': {
    id: 'id3-table1',
    title: 'ID3 (Agarwal et al., arXiv 2408.14470v1) Table 1',
    paper: 'id3',
    tableId: 'table1',
    columns: [
      acc('MNLI-m', 'mnli'),
      { column: 'MNLI-mm', task: 'mnli', metric: ['accuracy_mm'] },
      acc('QQP', 'qqp'),
      acc('QNLI', 'qnli'),
      acc('SST-2', 'sst2'),
      { column: 'STS-B', task: 'stsb', metric: ['pearsonSpearmanMean'], derive: (m) => mean(m.pearson, m.spearman) },
      cola,
      acc('MRPC', 'mrpc'),
      acc('RTE', 'rte'),
    ],
    methodLabels: { 'full-ft': 'Full-FT', bitfit: 'BitFit', id3: 'ID3', pafi: 'PaFi', fish: 'Fish' },
    defaultPaperModel: 'DeBERTa-v3-base',
    budget: undefined,
  },
};

/** A column's value (fraction scale) from a metrics map, or null when the run did not produce it. */
export function columnMetric(col: ColumnSpec, metrics: Record<string, number | null> | undefined): number | null {
  if (!metrics) return null;
  for (const key of col.metric) {
    const v = metrics[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return col.derive ? col.derive(metrics) : null;
}
