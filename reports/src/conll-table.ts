/**
 * The CoNLL-2003 NER table: ID3 Table 4's single column (span F1) compared with the paper, plus what
 * conlleval prints beside it (overall precision / recall, F1 per entity type), measured only. Built with
 * the GLUE table machinery (same seed aggregation, configuration choice and paper rows), then given a
 * CoNLL header. Values come from `best.testMetrics` (the selected checkpoint on the test split) and are
 * fractions printed ×100.
 */
import type { GlueLayout } from './glue-layouts.ts';
import { buildGlueTable, type BuildOptions, type GlueTable } from './glue-table.ts';
import { loadPaperTable, type PaperRow, type PaperTable } from './paper-tables.ts';
import { isDemo, type Setting } from './settings.ts';

const task = 'conll2003';
const type = (t: string) => ({ column: t, task, metric: [`f1_${t}`] });

export const conllLayouts: Record<string, GlueLayout> = {
  // ID3 Table 4 (DeBERTa-v3-base, Sec. 5.2): F1 at budgets 103K and 320K; Full-FT 184M.
  'id3-table4': {
    id: 'id3-table4',
    title: 'ID3 (Agarwal et al., arXiv 2408.14470v1) Table 4, CoNLL-2003 NER',
    paper: 'id3',
    tableId: 'table4',
    columns: [
      { column: 'CoNLL-2003 F1', task, metric: ['f1'] },
      { column: 'Precision', task, metric: ['precision'] },
      { column: 'Recall', task, metric: ['recall'] },
      type('PER'),
      type('LOC'),
      type('ORG'),
      type('MISC'),
    ],
    methodLabels: { 'full-ft': 'Full-FT', bitfit: 'BitFit', id3: 'ID3', pafi: 'PaFi', fish: 'Fish', 'random-mask': 'R-Mask' },
    defaultPaperModel: 'DeBERTa-v3-base',
    // the smaller budget = DeBERTa-v3-base's bias count (the only budget BitFit has); Full-FT keeps its 184M row
    budget: '103K',
  },
};

export const DEFAULT_CONLL_TABLES = ['id3-table4'];

/** A CoNLL paper table: as `loadPaperTable`, but a table without `average_over` is accepted (ID3 Table 4). */
export function loadConllPaperTable(paper: string, tableId: string, dir: string): PaperTable {
  return loadPaperTable(paper, tableId, dir, { averageOptional: true });
}

/**
 * The rows at one budget, plus the only row of a method that has none at that budget (Full-FT exists at
 * 184M only), so every method meets at most one row and `findPaperRow` needs no budget.
 */
export function rowsAtBudget(table: PaperTable, budget: string): PaperTable {
  const methods = [...new Set(table.rows.map((r) => r.method))];
  const rows: PaperRow[] = methods.flatMap((m) => {
    const mine = table.rows.filter((r) => r.method === m);
    const at = mine.filter((r) => r.budget === budget);
    return at.length > 0 ? at : mine.length === 1 ? mine : [];
  });
  return { ...table, rows };
}

function describeConllData(data: Setting['data']): string {
  if (data.kind === 'demo') return 'demo data (synthetic NER sentences from templates and small gazetteers; not CoNLL-2003)';
  if (data.kind === 'hub') return 'CoNLL-2003 from the Hugging Face hub (eriktks/conll2003 parquet)';
  return `CoNLL-2003 folder ${data.dir} (train / valid / test)`;
}

/** A CoNLL table: the GLUE builder on the CoNLL layout, with the CoNLL header and no Avg. column value. */
export function buildConllTable(records: Parameters<typeof buildGlueTable>[0], layout: GlueLayout, opts: BuildOptions): GlueTable {
  const paper = opts.paper && layout.budget ? rowsAtBudget(opts.paper, layout.budget) : opts.paper;
  const table = buildGlueTable(records, { ...layout, budget: undefined }, { ...opts, paper });
  // one task, different metrics per column: an average over them means nothing
  for (const row of table.rows) row.avg = { measured: null, paper: null, diff: null, over: 0, of: 0 };
  table.notes = table.notes.filter((n) => !n.startsWith('Avg. covers'));
  const data = records[0].spec.data;
  const replace: Record<string, string> = {
    Data: describeConllData(data),
    Protocol: 'train on train; the checkpoint with the best validation span F1 (evaluated every evalEvery steps) is scored on test, which the table prints (ID3 Sec. 4.1 / Table 7b select on validation)',
    Scale: 'span-level scores ×100 as conlleval counts them (an entity counts only with exact boundaries and type); PER … MISC = F1 per type; Δ = measured − paper, in points',
  };
  table.header = table.header.map(([k, v]) => [k, replace[k] ?? v]);
  if (opts.paper) table.notes.push(`Paper rows: ${layout.budget} budget for the selective methods, Full-FT at its only (184M) budget; the paper prints F1 only.`);
  if (isDemo({ model: records[0].spec.model, data, protocol: records[0].spec.protocol }) && opts.paper) {
    table.notes.push('Demo data: the paper numbers are real CoNLL-2003 with DeBERTa-v3-base and are shown for layout only; Δ is not a reproduction gap.');
  }
  return table;
}
