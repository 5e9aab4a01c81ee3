/**
 * E2E and math tables of one sweep folder, for callers that build one family's report right after a sweep
 * (the experiments CLI). Same layouts and builder as `buildReports`: E2E → IT-Tuning Table 2 and RED Table 2,
 * math → ID3 Table 5 (every row with the paper's numbers).
 */
import { join } from 'node:path';
import { InputError, writeFileAtomic } from '@peftbench/util';
import { buildLayoutTable } from './build.ts';
import { DEFAULT_TABLES_BY_FAMILY, layouts } from './layouts.ts';
import type { MethodInfo } from './methods.ts';
import { renderCsv } from './render-csv.ts';
import { renderMarkdown } from './render-markdown.ts';
import { loadSweepResults, type ResultRecord } from './result-files.ts';
import type { GlueTable } from './table.ts';

export interface FamilyReportOptions {
  resultsDir: string;
  sweep: string;
  outDir: string;
  methods?: readonly MethodInfo[];
}

/** The tables of `family` (default layouts, or those named) on these records. */
export function buildFamilyTables(family: string, sweep: string, records: ResultRecord[], o: { methods?: readonly MethodInfo[]; tables?: string[] } = {}): GlueTable[] {
  const mine = records.filter((r) => r.spec.family === family);
  if (mine.length === 0) throw new InputError(`${sweep}: no ${family} result`);
  return (o.tables ?? DEFAULT_TABLES_BY_FAMILY[family] ?? []).map((id) => buildLayoutTable(mine, layouts[id], { aggregation: { rule: 'mean-std' }, sweep, methods: o.methods }));
}

async function writeFamilyReport(family: string, o: FamilyReportOptions): Promise<{ markdown: string; files: string[] }> {
  const results = loadSweepResults(o.resultsDir, o.sweep);
  const tables = buildFamilyTables(family, o.sweep, results.records, { methods: o.methods });
  const files: string[] = [];
  const parts: string[] = [];
  tables.forEach((t, i) => {
    const id = (DEFAULT_TABLES_BY_FAMILY[family] ?? [])[i];
    const markdown = renderMarkdown(t);
    const md = join(o.outDir, `${o.sweep}-${id}.md`);
    writeFileAtomic(md, markdown);
    writeFileAtomic(md.replace(/\.md$/, '.csv'), renderCsv(t));
    files.push(md, md.replace(/\.md$/, '.csv'));
    parts.push(markdown);
  });
  return { markdown: parts.join('\n'), files };
}

/** E2E tables (IT-Tuning T2, RED T2) of one sweep folder → `<outDir>/<sweep>-<table>.md|csv`. */
export const writeE2eReport = (o: FamilyReportOptions) => writeFamilyReport('e2e', o);
/** Math table (ID3 T5) of one sweep folder → `<outDir>/<sweep>-id3-table5.md|csv`. */
export const writeMathReport = (o: FamilyReportOptions) => writeFamilyReport('math', o);
