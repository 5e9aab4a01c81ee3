/**
 * Regenerate every GLUE report from result files: for each sweep folder under results/ (and each setting
 * inside it), the tables its _sweep.json asks for (default RED and IT-Tuning Table 1) as .md and .csv, and
 * one chart .png. No training, no network: result files and ../shared/papers/tables only.
 */
import { join } from 'node:path';
import { InputError, repoRoot, writeFileAtomic } from '@peftbench/util';
import type { AggregationRule } from './aggregate.ts';
import { buildConllReports } from './conll-build.ts';
import { glueLayouts } from './glue-layouts.ts';
import { buildGlueTable, type GlueTable } from './glue-table.ts';
import { loadPaperTable, paperTablesDir, type PaperTable } from './paper-tables.ts';
import { loadAllResults, type ResultRecord, type SweepResults } from './result-files.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderCsv } from './render-csv.ts';
import { renderChartPng } from './render-chart.ts';
import { settingKey, settingOf, settingSlug } from './settings.ts';

export const DEFAULT_TABLES = ['red-table1', 'it-tuning-table1'];

export interface BuildReportsOptions {
  resultsRoot?: string;
  outDir?: string;
  /** Only these sweeps (folder names); default all. */
  sweeps?: string[];
  paperDir?: string;
  /** Skip the PNG charts. */
  noCharts?: boolean;
}

export interface BuiltTable {
  sweep: string;
  table: GlueTable;
  markdown: string;
  files: string[];
}

export interface BuildReportsResult {
  tables: BuiltTable[];
  charts: string[];
  /** Result files that could not be used, and other problems worth printing. */
  warnings: string[];
}

function paperFor(paper: string, tableId: string, dir: string, cache: Map<string, PaperTable | string>): PaperTable | string {
  const key = `${paper}/${tableId}`;
  if (!cache.has(key)) {
    try {
      cache.set(key, loadPaperTable(paper, tableId, dir));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      cache.set(key, err.message);
    }
  }
  return cache.get(key)!;
}

function groupBySetting(records: ResultRecord[]): ResultRecord[][] {
  const groups = new Map<string, ResultRecord[]>();
  for (const r of records) {
    const k = settingKey(settingOf(r));
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()];
}

export async function buildReports(options: BuildReportsOptions = {}): Promise<BuildReportsResult> {
  const resultsRoot = options.resultsRoot ?? join(repoRoot, 'results');
  const outDir = options.outDir ?? join(repoRoot, 'reports', 'glue');
  const paperDir = options.paperDir ?? paperTablesDir();
  const papers = new Map<string, PaperTable | string>();
  const out: BuildReportsResult = { tables: [], charts: [], warnings: [] };

  let sweeps: SweepResults[] = loadAllResults(resultsRoot);
  if (options.sweeps) {
    const missing = options.sweeps.filter((s) => !sweeps.some((x) => x.name === s));
    if (missing.length) throw new InputError(`${resultsRoot}: no results for sweep ${missing.join(', ')}`);
    sweeps = sweeps.filter((s) => options.sweeps!.includes(s.name));
  }
  for (const sweep of sweeps) {
    for (const u of sweep.unreadable) out.warnings.push(`${u.file}: ${u.reason} — left out`);
    const conll = sweep.records.filter((r) => r.spec.family === 'conll');
    if (conll.length > 0) {
      // CoNLL-2003 NER tables (conll-build.ts); default folder reports/conll
      const c = await buildConllReports(sweep, conll, { outDir: options.outDir ?? join(repoRoot, 'reports', 'conll'), paperDir, noCharts: options.noCharts });
      out.tables.push(...c.tables);
      out.charts.push(...c.charts);
      out.warnings.push(...c.warnings);
    }
    const glue = sweep.records.filter((r) => r.spec.family === 'glue');
    if (glue.length === 0) continue;
    const aggregation: AggregationRule = sweep.meta?.aggregation ?? { rule: 'mean-std' };
    const tableIds = sweep.meta?.report?.tables ?? DEFAULT_TABLES;
    const settings = groupBySetting(glue);
    for (const records of settings) {
      const base = settings.length > 1 ? `${sweep.name}.${settingSlug(settingOf(records[0]))}` : sweep.name;
      let first: GlueTable | null = null;
      for (const id of tableIds) {
        const layout = glueLayouts[id];
        if (!layout) {
          out.warnings.push(`${sweep.dir}/_sweep.json [report.tables]: unknown table '${id}' (known: ${Object.keys(glueLayouts).join(', ')})`);
          continue;
        }
        const paper = paperFor(layout.paper, layout.tableId, paperDir, papers);
        const table = buildGlueTable(records, layout, {
          paper: typeof paper === 'string' ? null : paper,
          paperMissing: typeof paper === 'string' ? paper : undefined,
          aggregation,
          // a sweep's paperModel names the backbone of the paper it was made for; other layouts use their own
          paperModel: sweep.meta?.report?.paperModel && typeof paper !== 'string' && paper.rows.some((r) => r.model === sweep.meta!.report.paperModel) ? sweep.meta.report.paperModel : undefined,
          sweep: sweep.name,
        });
        first ??= table;
        const markdown = renderMarkdown(table);
        const md = join(outDir, `${base}-${id}.md`);
        const csv = join(outDir, `${base}-${id}.csv`);
        writeFileAtomic(md, markdown);
        writeFileAtomic(csv, renderCsv(table));
        out.tables.push({ sweep: sweep.name, table, markdown, files: [md, csv] });
      }
      if (first && !options.noCharts) {
        const png = join(outDir, `${base}.png`);
        const s = settingOf(records[0]);
        const title = `${sweep.name}: measured GLUE scores — ${first.demo ? 'demo data, ' : ''}${s.model}, ${s.protocol} protocol`;
        writeFileAtomic(png, await renderChartPng(first, { title }));
        out.charts.push(png);
      }
    }
  }
  return out;
}
