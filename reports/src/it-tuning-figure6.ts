/**
 * IT-Tuning Figure 6 (§3.3): which vector operation at which site. BERT-base on GLUE, each combination with the
 * best of five learning rates; the sites are the query vector (V_Q), the attention output (V_A) and the
 * feed-forward / layer output (V_ff). The caption names four combinations:
 *   "Only shifting"          shift at all three sites
 *   "Only scaling"           scale at all three sites
 *   "2 Shifting + 1 Scaling" scale the query, shift the others
 *   "1 Shifting + 2 Scaling" Figure 1 / eq. 1: scale the query, shift the attention output, scale the layer output
 * Rows are keyed by the method config `operations` ({q, a, ff}, the it-tuning package's option), not by a method
 * name: a run whose config (defaults filled) holds that value fills the row, whatever it is called.
 *
 * The paper draws Figure 6 as a chart and prints no numbers for it (it-tuning.txt, Figure 6 caption and §3.3;
 * @peftbench/papers has no figure6 table). The "paper" side of this layout is therefore the caption's four row
 * labels on BERT-base with every value absent (printed "—"); nothing numeric is invented. The text does not say
 * which GLUE tasks the figure shows ("both large and small datasets"), so the columns are IT-Tuning Table 1's
 * eight tasks with its metrics (§4.1: MCC for CoLA, Pearson for STS-B, accuracy elsewhere); a sweep fills the
 * ones it runs.
 */
import { PAPER, paperFile, type PaperTable } from '@peftbench/papers';
// (no import from layouts.ts: layouts.ts imports this file; the objects below are checked against Layout there)

export const IT_TUNING_FIGURE6 = 'it-tuning-figure6';

/** The backbone §3.3 names for the preliminary experiment. */
export const FIGURE6_MODEL = 'BERT-base';

/** Figure 6's combinations: the caption's label and the it-tuning `operations` value (keys in the schema's order). */
export const FIGURE6_ROWS: readonly { label: string; operations: { q: 'scale' | 'shift'; a: 'scale' | 'shift'; ff: 'scale' | 'shift' } }[] = [
  { label: 'Only shifting', operations: { q: 'shift', a: 'shift', ff: 'shift' } },
  { label: 'Only scaling', operations: { q: 'scale', a: 'scale', ff: 'scale' } },
  { label: '2 Shifting + 1 Scaling', operations: { q: 'scale', a: 'shift', ff: 'shift' } },
  { label: '1 Shifting + 2 Scaling', operations: { q: 'scale', a: 'shift', ff: 'scale' } },
];

/** The paper row name of the method whose runs fill every row (the method package's paperNames holds it). */
const METHOD_PAPER_NAME = 'IT-Tuning';

interface Column {
  column: string;
  task: string;
  metric: string[];
}
const acc = (column: string, task: string): Column => ({ column, task, metric: ['accuracy'] });
const COLUMNS: Column[] = [
  { column: 'CoLA', task: 'cola', metric: ['mcc'] },
  acc('SST-2', 'sst2'),
  acc('MRPC', 'mrpc'),
  { column: 'STS-B', task: 'stsb', metric: ['pearson'] },
  acc('QQP', 'qqp'),
  acc('MNLI', 'mnli'),
  acc('QNLI', 'qnli'),
  acc('RTE', 'rte'),
];

/** Figure 6 as a table with the caption's rows and no printed values (the figure prints none). */
export function figure6PaperTable(): PaperTable {
  const file = paperFile(PAPER.itTuning);
  return {
    id: 'Figure 6 (a chart: no values printed)',
    caption:
      'Figure 6: updating the hidden states of the query vector, the output of the attention, and the feed-forward layer; "Only shifting" / "Only scaling" use one operation for all three, "2 Shifting + 1 Scaling" scales the query and shifts the others, "1 Shifting + 2 Scaling" follows Figure 1 (chart only: no numbers printed)',
    model: FIGURE6_MODEL,
    dataset_or_benchmark: 'GLUE',
    metric_per_column: Object.fromEntries(COLUMNS.map((c) => [c.column, c.metric[0]])),
    columns: COLUMNS.map((c) => c.column),
    average_column: null,
    average_over: [],
    rows: FIGURE6_ROWS.map((r) => ({ method: r.label, label_as_printed: r.label, model: FIGURE6_MODEL, trainable_params: null, trainable_params_count: null, values: {} })),
    notes: 'Figure 6 is a chart; the paper prints no values for it, so every paper cell is empty.',
    paper: PAPER.itTuning,
    paperTitle: file.paper.title,
  };
}

/** The layout (typed as `Layout` where layouts.ts adds it to the catalogue). */
export const itTuningFigure6Layout = {
  id: IT_TUNING_FIGURE6,
  title: 'IT-Tuning (Kim & Kim, RepL4NLP 2024) Figure 6, shift / scale combinations (GLUE)',
  paper: PAPER.itTuning,
  tableId: 'figure6',
  family: 'glue' as const,
  columns: COLUMNS,
  defaultPaperModel: FIGURE6_MODEL,
  paperTable: figure6PaperTable,
  average: true,
  rows: (p: PaperTable) =>
    FIGURE6_ROWS.map((r) => ({ paper: { method: r.label, model: p.model ?? FIGURE6_MODEL }, label: r.label, runs: { paperName: METHOD_PAPER_NAME, config: { operations: { ...r.operations } } } })),
  scaleNote: 'metrics ×100 (MCC for CoLA, Pearson for STS-B, accuracy elsewhere; IT-Tuning §4.1); Figure 6 prints no numbers, so there is no paper value or Δ',
};
