/**
 * Regenerate every report from result files: for each sweep folder under results/ (each family and each
 * setting inside it), the tables its _sweep.json asks for (default per family: GLUE → RED / IT-Tuning
 * Table 1, CoNLL → ID3 Table 4, E2E → IT-Tuning / RED Table 2, math → ID3 Table 5) as .md and .csv, and a
 * bar chart .png; then every other layout of the catalogue with the paper's rows only ("not run", "not
 * implemented (…)", "needs …"), so every seed table appears. No training, no network: result files and
 * @peftbench/papers only. Files that fail the runner's checks are listed and left out.
 */
import { join } from 'node:path';
import { InputError, repoRoot, writeFileAtomic } from '@peftbench/util';
import type { AggregationRule } from './aggregate.ts';
import { buildConllTable } from './conll-table.ts';
import { DEFAULT_TABLES_BY_FAMILY, layoutPaper, layouts, type Layout } from './layouts.ts';
import { discoverMethodInfo, type MethodInfo } from './methods.ts';
import type { PaperTable } from '@peftbench/papers';
import { loadAllResults, type ResultRecord, type SweepResults } from './result-files.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderCsv } from './render-csv.ts';
import { renderChartPng } from './render-chart.ts';
import { settingKey, settingOf, settingSlug } from './settings.ts';
import { buildTable, type GlueTable } from './table.ts';
import type { BuiltTable } from './types.ts';

export type { BuiltTable } from './types.ts';

/** @deprecated GLUE defaults; see DEFAULT_TABLES_BY_FAMILY. */
export const DEFAULT_TABLES = DEFAULT_TABLES_BY_FAMILY.glue;

export interface BuildReportsOptions {
  resultsRoot?: string;
  /** Where tables and charts go; default reports/<family> (tables with no runs: reports/papers, or <outDir>/papers). */
  outDir?: string;
  /** Only these sweeps (folder names); default all. */
  sweeps?: string[];
  /** Skip the PNG charts. */
  noCharts?: boolean;
  /** Installed methods (labels, paper names, order, config defaults); default: found by @peftbench/discovery. */
  methods?: readonly MethodInfo[];
  /** Also write every layout that no sweep filled, with the paper rows only (default: when no sweep filter). */
  paperOnly?: boolean;
}

export interface BuiltChart {
  sweep: string;
  file: string;
  title: string;
}

export interface BuildReportsResult {
  tables: BuiltTable[];
  charts: string[];
  /** Result files left out, with the reason (the CLI exits non-zero on any unless --allow-partial). */
  leftOut: { file: string; reason: string }[];
  /** Every problem worth printing: left-out files and unknown table ids. */
  warnings: string[];
  /** The sweeps read (records included), for figures and the HTML report. */
  sweeps: SweepResults[];
  /** The methods the tables were labelled with. */
  methods: readonly MethodInfo[];
}

function groupBySetting(records: ResultRecord[]): ResultRecord[][] {
  const groups = new Map<string, ResultRecord[]>();
  for (const r of records) {
    const k = settingKey(settingOf(r));
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()];
}

function paperOf(layout: Layout): { paper: PaperTable | null; paperMissing?: string } {
  try {
    return { paper: layoutPaper(layout) };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { paper: null, paperMissing: err.message };
  }
}

/** Build one layout on one setting's records (or on none: the paper rows alone). */
export function buildLayoutTable(records: ResultRecord[], layout: Layout, o: { aggregation: AggregationRule; sweep: string; paperModel?: string; methods?: readonly MethodInfo[]; notes?: readonly string[] }): GlueTable {
  const { paper, paperMissing } = paperOf(layout);
  // a sweep's paperModel names the backbone of the paper it was made for; other layouts keep their own
  const paperModel = o.paperModel && paper?.rows.some((r) => r.model === o.paperModel) ? o.paperModel : undefined;
  const opts = { paper, paperMissing, aggregation: o.aggregation, sweep: o.sweep, paperModel, methods: o.methods };
  const table = layout.family === 'conll' ? buildConllTable(records, layout, opts) : buildTable(records, layout, opts);
  // the sweep file's own notes (report.notes) follow the generated ones
  if (records.length > 0 && o.notes?.length) table.notes.push(...o.notes);
  return table;
}

export async function buildReports(options: BuildReportsOptions = {}): Promise<BuildReportsResult> {
  const resultsRoot = options.resultsRoot ?? join(repoRoot, 'results');
  const outFor = (family: string) => options.outDir ?? join(repoRoot, 'reports', family);
  const out: BuildReportsResult = { tables: [], charts: [], leftOut: [], warnings: [], sweeps: [], methods: [] };
  if (options.methods === undefined) {
    const found = await discoverMethodInfo();
    if (found.warning) out.warnings.push(found.warning);
    options = { ...options, methods: found.methods };
  }
  out.methods = options.methods!;

  let sweeps: SweepResults[] = loadAllResults(resultsRoot);
  if (options.sweeps) {
    const missing = options.sweeps.filter((s) => !sweeps.some((x) => x.name === s));
    if (missing.length) throw new InputError(`${resultsRoot}: no results for sweep ${missing.join(', ')}`);
    sweeps = sweeps.filter((s) => options.sweeps!.includes(s.name));
  }
  out.sweeps = sweeps;
  const filled = new Set<string>();
  for (const sweep of sweeps) {
    for (const u of sweep.unreadable) {
      out.leftOut.push(u);
      out.warnings.push(`${u.file}: ${u.reason} — left out`);
    }
    const aggregation: AggregationRule = sweep.meta?.aggregation ?? { rule: 'mean-std' };
    const families = [...new Set(sweep.records.map((r) => r.spec.family))];
    for (const family of families) {
      const records = sweep.records.filter((r) => r.spec.family === family);
      const asked = (sweep.meta?.report?.tables ?? []).filter((id) => layouts[id]?.family === family);
      for (const id of sweep.meta?.report?.tables ?? []) {
        if (!layouts[id]) out.warnings.push(`${sweep.dir}/_sweep.json [report.tables]: unknown table '${id}' (known: ${Object.keys(layouts).join(', ')})`);
      }
      const tableIds = asked.length > 0 ? asked : (DEFAULT_TABLES_BY_FAMILY[family] ?? []);
      const settings = groupBySetting(records);
      for (const group of settings) {
        const base = settings.length > 1 ? `${sweep.name}.${settingSlug(settingOf(group[0]))}` : sweep.name;
        let first: GlueTable | null = null;
        for (const id of tableIds) {
          const layout = layouts[id];
          const table = buildLayoutTable(group, layout, { aggregation, sweep: sweep.name, paperModel: sweep.meta?.report?.paperModel, methods: options.methods, notes: sweep.meta?.report?.notes });
          first ??= table;
          filled.add(id);
          const markdown = renderMarkdown(table);
          const md = join(outFor(family), `${base}-${id}.md`);
          const csv = join(outFor(family), `${base}-${id}.csv`);
          writeFileAtomic(md, markdown);
          writeFileAtomic(csv, renderCsv(table));
          out.tables.push({ sweep: sweep.name, layoutId: id, family, table, markdown, files: [md, csv] });
        }
        if (first && !options.noCharts && first.rows.some((r) => Object.values(r.cells).some((c) => c.measured))) {
          const png = join(outFor(family), `${base}.png`);
          const s = settingOf(group[0]);
          const title = `${sweep.name}: measured ${family} scores — ${first.demo ? 'demo data, ' : ''}${s.model}, ${s.protocol} protocol`;
          writeFileAtomic(png, await renderChartPng(first, { title }));
          out.charts.push(png);
        }
      }
    }
  }
  if (options.paperOnly ?? !options.sweeps) {
    for (const layout of Object.values(layouts)) {
      if (filled.has(layout.id)) continue;
      const table = buildLayoutTable([], layout, { aggregation: { rule: 'mean-std' }, sweep: '(none)', methods: options.methods });
      const markdown = renderMarkdown(table);
      const md = join(options.outDir ? join(options.outDir, 'papers') : join(repoRoot, 'reports', 'papers'), `${layout.id}.md`);
      const csv = md.replace(/\.md$/, '.csv');
      writeFileAtomic(md, markdown);
      writeFileAtomic(csv, renderCsv(table));
      out.tables.push({ sweep: '', layoutId: layout.id, family: layout.family, table, markdown, files: [md, csv] });
    }
  }
  return out;
}
