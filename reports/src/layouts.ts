/**
 * The report layouts: one per paper table the reports regenerate. A layout says which columns the table
 * has (task + metric + scale per column) and which rows: either one row per method that ran (`rows`
 * absent: the paper row is found through the method package's `paperNames`), or rows keyed by
 * configuration (`rows`: each a paper row plus the runs that fill it — a method, named by the paper's label
 * and resolved through the methods' `paperNames`, and a subset of its config), so ablations such as
 * IT-Tuning T3 (rank 1/2/4/8) or RED T6 (−scaling, −bias) keep one row per configuration.
 *
 * No method name is written here: runs are found through the paper's own row labels. Config keys (rank,
 * variant, positions, budget, targets, topLayers) are the method packages' option names.
 * Metric keys are those of @peftbench/metrics (fractions; `scale` 100 prints them ×100 like the papers).
 */
import { PAPER, paperTable, type PaperId, type PaperTable, type ResultRow } from '@peftbench/papers';
// the selective methods' `targets` option (the config vocabulary only: zod, no method code)
import { TARGET } from '@peftbench/selective/config';
import { itTuningFigure6Layout } from './it-tuning-figure6.ts';

export interface ColumnSpec {
  /** Column header exactly as in the paper table. */
  column: string;
  task: string;
  /** Metric keys to try in order; the first present wins. */
  metric: string[];
  /** Derived metric when none of the keys is present (e.g. the mean of Pearson and Spearman). */
  derive?: (m: Record<string, number | null>) => number | null;
  /** Printed value = metric × scale (default 100: fractions printed as percentages). */
  scale?: number;
  /** Decimals printed (default 1). */
  digits?: number;
}

export interface RowSpec {
  /** The paper row this row stands for (narrowed by backbone, budget and variant fields). */
  paper?: { method: string; model?: string; budget?: string; match?: Record<string, unknown> };
  /** The runs that fill the row: the method whose paperNames include `paperName` (default `paper.method`), with this config subset. */
  runs?: { paperName?: string; config?: Record<string, unknown> };
  /** Printed label (default: the paper's label, with its budget or size when the table repeats it). */
  label?: string;
  /** The missing piece when no method package answers to the paper name ("not implemented (<missing>)"). */
  missing?: string;
  /** The row cannot be measured here: "needs <what>". */
  needs?: string;
}

export interface Layout {
  id: string;
  title: string;
  paper: PaperId;
  tableId: string;
  /** Which result family fills it. */
  family: 'glue' | 'conll' | 'e2e' | 'math';
  columns: ColumnSpec[];
  /** Backbone of the paper rows (tables with several: RED base and large; a sweep's paperModel overrides). */
  defaultPaperModel?: string;
  /** Per-method layouts only: the paper budget to compare with (ID3 prints 103K and 320K rows). */
  budget?: string;
  /** Rows keyed by configuration, built from the paper table for a backbone; absent: one row per method run. */
  rows?: (paper: PaperTable, paperModel: string | undefined) => RowSpec[];
  /** The whole table needs something this project does not do (an LLM judge, a leaderboard harness). */
  needs?: string;
  /** What must exist before the table can be measured (an architecture), printed when no run fills it. */
  requires?: string;
  /** The paper side when @peftbench/papers has no table for it (IT-Tuning Figure 6: a chart with no printed numbers). */
  paperTable?: () => PaperTable;
  /** Print an Avg. column (default: when the paper has one). */
  average?: boolean;
  /** How the numbers are scaled and compared (header "Scale"). */
  scaleNote?: string;
}

/** @deprecated the name the GLUE-only reports used */
export type GlueLayout = Layout;

const acc = (column: string, task: string): ColumnSpec => ({ column, task, metric: ['accuracy'] });
const cola: ColumnSpec = { column: 'CoLA', task: 'cola', metric: ['mcc'] };
const stsbPearson: ColumnSpec = { column: 'STS-B', task: 'stsb', metric: ['pearson'] };
const mean = (a: number | null | undefined, b: number | null | undefined) => (typeof a === 'number' && typeof b === 'number' ? (a + b) / 2 : null);
const stsbMean: ColumnSpec = { column: 'STS-B', task: 'stsb', metric: ['pearsonSpearmanMean'], derive: (m) => mean(m.pearson, m.spearman) };

const redGlue = [acc('MNLI', 'mnli'), acc('SST-2', 'sst2'), acc('MRPC', 'mrpc'), cola, acc('QNLI', 'qnli'), acc('QQP', 'qqp'), acc('RTE', 'rte'), stsbPearson];
const id3Glue = [acc('MNLI-m', 'mnli'), { column: 'MNLI-mm', task: 'mnli', metric: ['accuracy_mm'] }, acc('QQP', 'qqp'), acc('QNLI', 'qnli'), acc('SST-2', 'sst2'), stsbMean, cola, acc('MRPC', 'mrpc'), acc('RTE', 'rte')];
const ablation = [acc('MRPC', 'mrpc'), cola, acc('QQP', 'qqp')];
const e2e = (task = 'e2e'): ColumnSpec[] => [
  { column: 'BLEU', task, metric: ['bleu'] },
  { column: 'NIST', task, metric: ['nist'], scale: 1, digits: 2 },
  { column: 'MET', task, metric: ['meteor'] },
  { column: 'ROUGE-L', task, metric: ['rougeL'] },
  { column: 'CIDEr', task, metric: ['cider'], scale: 1, digits: 2 },
];
const mathSets = ['AddSub', 'MultiArith', 'SingleEq', 'GSM8K', 'AQuA', 'SVAMP'];
const E2E_SCALE = 'BLEU, METEOR, ROUGE-L ×100; NIST and CIDEr raw, as the papers print them; Δ = measured − paper';
const GLUE_SCALE = 'metrics ×100: MCC (CoLA), Pearson (STS-B) or accuracy, as the paper prints them; Δ = measured − paper, in points';

/** The budget string as a count: "103K" → 103000, "3.5M" → 3500000. */
export function budgetCount(budget: string): number {
  const m = /^([\d.]+)\s*([KM]?)$/.exec(budget.trim());
  if (!m) throw new Error(`budgetCount: cannot read '${budget}'`);
  return Math.round(Number(m[1]) * (m[2] === 'K' ? 1e3 : m[2] === 'M' ? 1e6 : 1));
}

/**
 * One row per paper row of `model` (all rows when undefined), labelled as printed; a label the table
 * repeats gets its budget or size. `runs(row)` says which runs fill it (default: the method the label
 * names, any config).
 */
export function rowsFromPaper(paper: PaperTable, model: string | undefined, runs: (row: ResultRow) => Partial<RowSpec> = () => ({})): RowSpec[] {
  const rows = paper.rows.filter((r) => model === undefined || r.model === model);
  return rows.map((r) => {
    const twins = rows.filter((x) => x.method === r.method);
    const match: Record<string, unknown> = {};
    let label = r.method;
    let left = twins;
    for (const key of ['budget', 'rank', 'updated_attention_vector', 'position', 'turn', 'trainable_params'] as const) {
      if (left.length <= 1) break;
      if (new Set(left.map((x) => JSON.stringify(x[key]))).size === 1) continue;
      match[key] = r[key];
      left = left.filter((x) => x[key] === r[key]);
      label += key === 'rank' ? ` rank ${String(r[key])}` : ` (${String(r[key])})`;
    }
    const extra = runs(r);
    return { paper: { method: r.method, model: r.model, match }, label, ...extra };
  });
}

const selectiveBudget = (r: ResultRow): Partial<RowSpec> =>
  r.budget && r.method !== 'Full-FT' && r.method !== 'BitFit' ? { runs: { config: { budget: budgetCount(r.budget) } } } : {};

const catalog: Layout[] = [
  {
    id: 'it-tuning-table1',
    title: 'IT-Tuning (Kim & Kim, RepL4NLP 2024) Table 1',
    paper: PAPER.itTuning,
    tableId: 'table1',
    family: 'glue',
    columns: [cola, acc('SST-2', 'sst2'), acc('MRPC', 'mrpc'), stsbPearson, acc('QQP', 'qqp'), acc('MNLI', 'mnli'), acc('QNLI', 'qnli'), acc('RTE', 'rte')],
    defaultPaperModel: 'RoBERTa-large',
    rows: (p, model) => rowsFromPaper(p, model),
  },
  {
    id: 'it-tuning-table2',
    title: 'IT-Tuning (Kim & Kim, RepL4NLP 2024) Table 2, E2E NLG',
    paper: PAPER.itTuning,
    tableId: 'table2',
    family: 'e2e',
    columns: e2e(),
    defaultPaperModel: 'GPT-2 large',
    rows: (p, model) => rowsFromPaper(p, model),
    scaleNote: E2E_SCALE,
  },
  {
    id: 'it-tuning-table3',
    title: 'IT-Tuning (Kim & Kim, RepL4NLP 2024) Table 3, rank ablation (E2E)',
    paper: PAPER.itTuning,
    tableId: 'table3',
    family: 'e2e',
    columns: e2e().filter((c) => c.column === 'BLEU' || c.column === 'ROUGE-L').map((c) => ({ ...c, digits: 2 })), // printed with 2 decimals (rank 1: BLEU 0.07)
    defaultPaperModel: 'GPT-2 large',
    rows: (p, model) => rowsFromPaper(p, model, (r) => ({ runs: { config: { rank: r.rank, attentionVector: r.updated_attention_vector } } })),
    scaleNote: E2E_SCALE,
  },
  {
    id: 'red-table1',
    title: 'RED (Wu et al., ACL 2024) Table 1',
    paper: PAPER.red,
    tableId: 'table1',
    family: 'glue',
    columns: redGlue,
    defaultPaperModel: 'RoBERTa-base',
    rows: (p, model) => rowsFromPaper(p, model),
  },
  {
    id: 'red-table14',
    title: 'RED (Wu et al., ACL 2024) Table 14 (Table 1 with std over 5 seeds)',
    paper: PAPER.red,
    tableId: 'table14',
    family: 'glue',
    columns: redGlue,
    defaultPaperModel: 'RoBERTa-base',
    rows: (p, model) => rowsFromPaper(p, model),
  },
  {
    id: 'red-table2',
    title: 'RED (Wu et al., ACL 2024) Table 2, E2E NLG',
    paper: PAPER.red,
    tableId: 'table2',
    family: 'e2e',
    columns: e2e(),
    defaultPaperModel: 'GPT-2 medium',
    // FT and FT^top2 are separate rows: the top-2-layers variant is full fine-tuning with topLayers = 2
    rows: (p, model) => rowsFromPaper(p, model, (r) => (r.method === 'FT^top2' ? { runs: { config: { topLayers: 2 } } } : {})),
    scaleNote: E2E_SCALE,
  },
  {
    id: 'red-table15',
    title: 'RED (Wu et al., ACL 2024) Table 15 (Table 2 with std over 3 seeds), E2E NLG',
    paper: PAPER.red,
    tableId: 'table15',
    family: 'e2e',
    columns: e2e(),
    defaultPaperModel: 'GPT-2 medium',
    rows: (p, model) => rowsFromPaper(p, model, (r) => (r.method === 'FT^top2' ? { runs: { config: { topLayers: 2 } } } : {})),
    scaleNote: E2E_SCALE,
  },
  {
    id: 'red-table3',
    title: 'RED (Wu et al., ACL 2024) Table 3, T5-base GLUE',
    paper: PAPER.red,
    tableId: 'table3',
    family: 'glue',
    columns: redGlue,
    defaultPaperModel: 'T5-base',
    requires: 'T5-base runs (experiments/sweeps/red-t3-t5.yaml: GLUE as text-to-text on T5)',
    rows: (p, model) => rowsFromPaper(p, model),
  },
  {
    id: 'red-table4',
    title: 'RED (Wu et al., ACL 2024) Table 4, AlpacaEval (Llama-2 7B)',
    paper: PAPER.red,
    tableId: 'table4',
    family: 'math',
    columns: [{ column: 'AlpacaEval win rate (%)', task: 'alpacaeval', metric: ['winRate'] }],
    needs: 'AlpacaEval: GPT-4 as the judge of win rates against reference responses (an external LLM judge)',
    rows: (p) => rowsFromPaper(p, undefined),
  },
  {
    id: 'red-table5',
    title: 'RED (Wu et al., ACL 2024) Table 5, rank-1 methods (E2E, GPT-2 medium)',
    paper: PAPER.red,
    tableId: 'table5',
    family: 'e2e',
    columns: e2e(),
    defaultPaperModel: 'GPT-2 medium',
    // rank 1: LoRA r = 1, adapters with a bottleneck of 1 (the adapter packages' `bottleneck` option)
    rows: (p, model) => rowsFromPaper(p, model, (r) => (r.method === 'LoRA' ? { runs: { config: { r: 1 } } } : r.rank === 1 ? { runs: { config: { bottleneck: 1 } } } : {})),
    scaleNote: E2E_SCALE,
  },
  {
    id: 'red-table6',
    title: 'RED (Wu et al., ACL 2024) Table 6, edit-vector ablation',
    paper: PAPER.red,
    tableId: 'table6',
    family: 'glue',
    columns: ablation,
    rows: (p) =>
      rowsFromPaper(p, undefined, (r) => ({
        runs: { paperName: 'RED', config: { variant: r.method === '-Scaling Vector' ? 'bias' : r.method === '-Bias Vector' ? 'scaling' : 'scaling+bias' } },
      })),
  },
  {
    id: 'red-table7',
    title: 'RED (Wu et al., ACL 2024) Table 7, edit positions',
    paper: PAPER.red,
    tableId: 'table7',
    family: 'glue',
    columns: ablation,
    rows: (p) =>
      rowsFromPaper(p, undefined, (r) => ({
        label: `RED at ${String(r.position)}`,
        runs: { config: { positions: r.position === 'FFN' ? 'ffn' : r.position === 'Attn' ? 'attn' : 'ffn+attn' } },
      })),
  },
  {
    id: 'red-table16',
    title: 'RED (Wu et al., ACL 2024) Table 16, MT-Bench (Llama-2 7B)',
    paper: PAPER.red,
    tableId: 'table16',
    family: 'math',
    columns: ['Writing', 'Roleplay', 'Reasoning', 'Math', 'Coding', 'Extraction', 'Stem', 'Humanities'].map((c) => ({ column: c, task: 'mt-bench', metric: [c.toLowerCase()], scale: 1 })),
    needs: 'MT-Bench: GPT-4 as the judge of two-turn answers (an external LLM judge)',
    rows: (p) => rowsFromPaper(p, undefined),
  },
  {
    id: 'red-table18',
    title: 'RED (Wu et al., ACL 2024) Table 18, Open LLM Leaderboard (Llama-2 7B)',
    paper: PAPER.red,
    tableId: 'table18',
    family: 'math',
    columns: ['Arc', 'TruthfulQA', 'Winogrande', 'GSM8k', 'HellaSwag', 'MMLU'].map((c) => ({ column: c, task: c.toLowerCase(), metric: ['accuracy'] })),
    needs: "the Open LLM Leaderboard's harness (few-shot multiple-choice scoring of ARC, TruthfulQA, Winogrande, HellaSwag, MMLU and GSM8K, Table 17) and a Llama-2 7B instruction-tuned on UltraFeedback",
    rows: (p) => rowsFromPaper(p, undefined),
  },
  {
    id: 'id3-table1',
    title: 'ID3 (Agarwal et al., arXiv 2408.14470v1) Table 1',
    paper: PAPER.id3,
    tableId: 'table1',
    family: 'glue',
    columns: id3Glue,
    defaultPaperModel: 'DeBERTa-v3-base',
    rows: (p, model) => rowsFromPaper(p, model, selectiveBudget),
  },
  {
    id: 'id3-table2',
    title: 'ID3 (Agarwal et al., arXiv 2408.14470v1) Table 2, selective methods on LoRA',
    paper: PAPER.id3,
    tableId: 'table2',
    family: 'glue',
    columns: id3Glue,
    rows: (p) =>
      rowsFromPaper(p, undefined, (r) => {
        const base = r.method.split('+')[0].replace(/ \(r=\d+\)$/, '');
        return base === 'LoRA' ? { runs: { paperName: 'LoRA', config: { r: 8 } } } : { runs: { paperName: base, config: { targets: TARGET.lora, budget: budgetCount(r.budget!) } } };
      }),
  },
  {
    id: 'id3-table3',
    title: 'ID3 (Agarwal et al., arXiv 2408.14470v1) Table 3, selective methods on a Pfeiffer adapter (RoBERTa-base)',
    paper: PAPER.id3,
    tableId: 'table3',
    family: 'glue',
    columns: [stsbMean, cola, acc('MRPC', 'mrpc'), acc('RTE', 'rte')],
    rows: (p) =>
      rowsFromPaper(p, undefined, (r) =>
        r.method === 'Pfeiffer' ? { runs: { paperName: 'Pfeiffer' } } : { runs: { paperName: r.method.split('+')[0], config: { targets: TARGET.adapter } } },
      ),
  },
  {
    id: 'id3-table4',
    title: 'ID3 (Agarwal et al., arXiv 2408.14470v1) Table 4, CoNLL-2003 NER',
    paper: PAPER.id3,
    tableId: 'table4',
    family: 'conll',
    columns: [
      { column: 'CoNLL-2003 F1', task: 'conll2003', metric: ['f1'] },
      { column: 'Precision', task: 'conll2003', metric: ['precision'] },
      { column: 'Recall', task: 'conll2003', metric: ['recall'] },
      ...['PER', 'LOC', 'ORG', 'MISC'].map((t) => ({ column: t, task: 'conll2003', metric: [`f1_${t}`] })),
    ],
    defaultPaperModel: 'DeBERTa-v3-base',
    average: false,
    rows: (p, model) => rowsFromPaper(p, model, selectiveBudget),
    scaleNote: 'span-level scores ×100 as conlleval counts them (an entity counts only with exact boundaries and type); PER … MISC = F1 per type; Δ = measured − paper, in points',
  },
  {
    id: 'id3-table5',
    title: 'ID3 (Agarwal et al., arXiv 2408.14470v1) Table 5, math reasoning',
    paper: PAPER.id3,
    tableId: 'table5',
    family: 'math',
    columns: mathSets.map((s) => ({ column: s, task: 'math10k', metric: [`accuracy_${s.toLowerCase()}`] })),
    rows: (p) =>
      rowsFromPaper(p, undefined, (r) => {
        const rank = Number(/r=(\d+)/.exec(r.method)?.[1]);
        const base = r.method.split('+')[0].replace(/ \(r=\d+\)$/, '');
        return base === 'LoRA'
          ? { runs: { paperName: 'LoRA', config: { r: rank } } }
          : { runs: { paperName: base, config: { targets: TARGET.lora, budget: budgetCount(r.budget!) } } };
      }),
    scaleNote: 'accuracy ×100 per eval set (answer extraction as LLM-Adapters evaluate.py); Avg. over the measured sets; Δ = measured − paper',
  },
  // IT-Tuning Figure 6 (rows keyed by the `operations` config; no printed numbers): it-tuning-figure6.ts
  itTuningFigure6Layout,
];

export const layouts: Record<string, Layout> = Object.fromEntries(catalog.map((l) => [l.id, l]));

/** @deprecated the GLUE-only name; every layout is in `layouts`. */
export const glueLayouts: Record<string, Layout> = Object.fromEntries(catalog.filter((l) => l.family === 'glue').map((l) => [l.id, l]));

/** Tables a sweep gets when its _sweep.json names none, per family. */
export const DEFAULT_TABLES_BY_FAMILY: Record<string, string[]> = {
  glue: ['red-table1', 'it-tuning-table1'],
  conll: ['id3-table4'],
  e2e: ['it-tuning-table2', 'red-table2'],
  math: ['id3-table5'],
};

/** The paper table of a layout (typed data from @peftbench/papers). */
export function layoutPaper(layout: Layout): PaperTable {
  return layout.paperTable ? layout.paperTable() : paperTable(layout.paper, layout.tableId);
}

/** A column's value (fraction scale) from a metrics map, or null when the run did not produce it. */
export function columnMetric(col: ColumnSpec, metrics: Record<string, number | null> | undefined): number | null {
  if (!metrics) return null;
  for (const key of col.metric) {
    const v = metrics[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return col.derive ? col.derive(metrics) : null;
}
