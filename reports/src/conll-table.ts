/**
 * The CoNLL-2003 NER table: ID3 Table 4's F1 compared with the paper (both budgets, one row per
 * configuration), plus what conlleval prints beside it (overall precision / recall, F1 per entity type),
 * measured only. Built with the shared table builder, then given a CoNLL header. Values come from
 * `best.testMetrics` (the selected checkpoint on the test split), fractions printed ×100.
 */
import { layouts, type Layout } from './layouts.ts';
import { buildTable, type BuildOptions, type GlueTable } from './table.ts';
import type { ResultRecord } from './result-files.ts';
import type { Setting } from './settings.ts';

export const conllLayouts: Record<string, Layout> = { 'id3-table4': layouts['id3-table4'] };
export const DEFAULT_CONLL_TABLES = ['id3-table4'];

function describeConllData(data: Setting['data']): string {
  if (data.kind === 'demo') return 'demo data (synthetic NER sentences from templates and small gazetteers; not CoNLL-2003)';
  if (data.kind === 'hub') return 'CoNLL-2003 from the Hugging Face hub (eriktks/conll2003 parquet)';
  return `CoNLL-2003 folder ${data.dir} (train / valid / test)`;
}

/** A CoNLL table: the shared builder on a CoNLL layout, with the CoNLL header. */
export function buildConllTable(records: ResultRecord[], layout: Layout, opts: BuildOptions): GlueTable {
  const table = buildTable(records, layout, opts);
  if (records.length === 0) return table;
  const replace: Record<string, string> = {
    Data: describeConllData(records[0].spec.data),
    Protocol: 'train on train; the checkpoint with the best validation span F1 (evaluated every evalEvery steps) is scored on test, which the table prints (ID3 Sec. 4.1 / Table 7b select on validation)',
  };
  table.header = table.header.map(([k, v]) => [k, replace[k] ?? v]);
  if (opts.paper) table.notes.push('The paper prints F1 only; precision, recall and per-type F1 are measured only.');
  return table;
}
