/**
 * Write the CoNLL-2003 tables (.md, .csv) and chart (.png) of one sweep folder's `conll` records, one set
 * per setting (model, data, protocol). Called by `buildReports` beside the GLUE tables.
 */
import { join } from 'node:path';
import { InputError, writeFileAtomic } from '@peftbench/util';
import type { AggregationRule } from './aggregate.ts';
import type { BuiltTable } from './build.ts';
import { buildConllTable, conllLayouts, DEFAULT_CONLL_TABLES, loadConllPaperTable } from './conll-table.ts';
import type { GlueTable } from './glue-table.ts';
import type { PaperTable } from './paper-tables.ts';
import type { ResultRecord, SweepResults } from './result-files.ts';
import { renderChartPng } from './render-chart.ts';
import { renderCsv } from './render-csv.ts';
import { renderMarkdown } from './render-markdown.ts';
import { settingKey, settingOf, settingSlug } from './settings.ts';

export interface ConllBuildOptions {
  outDir: string;
  paperDir: string;
  noCharts?: boolean;
}

export async function buildConllReports(
  sweep: SweepResults,
  records: ResultRecord[],
  opts: ConllBuildOptions,
): Promise<{ tables: BuiltTable[]; charts: string[]; warnings: string[] }> {
  const out = { tables: [] as BuiltTable[], charts: [] as string[], warnings: [] as string[] };
  const aggregation: AggregationRule = sweep.meta?.aggregation ?? { rule: 'mean-std' };
  // a sweep file can only name GLUE tables (their ids are the runner's enum); those do not apply here
  const asked = (sweep.meta?.report?.tables ?? []).filter((id) => id in conllLayouts);
  const tableIds = asked.length > 0 ? asked : DEFAULT_CONLL_TABLES;
  const groups = new Map<string, ResultRecord[]>();
  for (const r of records) groups.set(settingKey(settingOf(r)), [...(groups.get(settingKey(settingOf(r))) ?? []), r]);
  for (const group of groups.values()) {
    const base = groups.size > 1 ? `${sweep.name}.${settingSlug(settingOf(group[0]))}` : sweep.name;
    let first: GlueTable | null = null;
    for (const id of tableIds) {
      const layout = conllLayouts[id];
      let paper: PaperTable | null = null;
      let paperMissing: string | undefined;
      try {
        paper = loadConllPaperTable(layout.paper, layout.tableId, opts.paperDir);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        paperMissing = err.message;
      }
      const table = buildConllTable(group, layout, { paper, paperMissing, aggregation, sweep: sweep.name });
      first ??= table;
      const markdown = renderMarkdown(table);
      const md = join(opts.outDir, `${base}-${id}.md`);
      const csv = join(opts.outDir, `${base}-${id}.csv`);
      writeFileAtomic(md, markdown);
      writeFileAtomic(csv, renderCsv(table));
      out.tables.push({ sweep: sweep.name, table, markdown, files: [md, csv] });
    }
    if (first && !opts.noCharts) {
      const png = join(opts.outDir, `${base}.png`);
      const s = settingOf(group[0]);
      const title = `${sweep.name}: measured CoNLL-2003 span F1 — ${first.demo ? 'demo data, ' : ''}${s.model}, ${s.protocol} protocol`;
      writeFileAtomic(png, await renderChartPng(first, { title }));
      out.charts.push(png);
    }
  }
  return out;
}
