/**
 * Build one paper-style table (methods × tasks, # trainable params, Avg.) from result records: for every
 * method and column, the runs are grouped by configuration (everything but the seed), each group is
 * aggregated over seeds by the sweep's rule, and the group with the best aggregated SELECTION score is
 * reported (so a learning-rate grid is resolved on validation numbers, as the papers tune). Beside it: the
 * paper's number and measured − paper.
 */
import { InputError } from '@peftbench/util';
import type { Aggregate, AggregationRule } from './aggregate.ts';
import { aggregateRuns, describeRule } from './aggregate.ts';
import { columnMetric, type ColumnSpec, type GlueLayout } from './glue-layouts.ts';
import { findPaperRow, type PaperRow, type PaperTable } from './paper-tables.ts';
import type { ResultRecord } from './result-files.ts';
import { describeData, describeModel, describeProtocol, isDemo, settingOf } from './settings.ts';

export interface Cell {
  measured: Aggregate | null;
  paper: number | null;
  /** measured mean − paper, percentage points. */
  diff: number | null;
  /** Which configuration was reported when several were run (e.g. "learningRate=0.001"). */
  chosen?: string;
}

export interface TableRow {
  method: string;
  paperLabel: string | null;
  paperRow: PaperRow | null;
  /** Distinct trainable-parameter counts measured (one unless configurations differ). */
  params: number[];
  cells: Record<string, Cell>;
  avg: Cell & { over: number; of: number };
}

export interface GlueTable {
  layout: GlueLayout;
  title: string;
  header: [string, string][];
  columns: string[];
  rows: TableRow[];
  notes: string[];
  demo: boolean;
}

export interface BuildOptions {
  paper: PaperTable | null;
  /** Why the paper numbers are missing (shown in the header) when `paper` is null. */
  paperMissing?: string;
  aggregation: AggregationRule;
  /** Backbone row to compare with; default the layout's. */
  paperModel?: string;
  sweep: string;
}

const METHOD_ORDER = ['full-ft', 'bitfit', 'lora', 'red'];

/** Canonical key of a run's configuration without its seed (and without bookkeeping fields). */
export function configKeyOf(r: ResultRecord): string {
  // the stored spec also carries the run's id and sweep name, which differ per seed / per sweep
  const { seed: _seed, id: _id, sweep: _sweep, ...rest } = r.spec as ResultRecord['spec'] & { id?: string; sweep?: string };
  return canonical(rest);
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** The metrics of a run's selected checkpoint on the split that is reported. */
export function reportedMetrics(r: ResultRecord): Record<string, number | null> | undefined {
  const best = r.result.best;
  if (!best) return undefined;
  return best.testMetrics ?? r.result.evals.find((e) => e.step === best.step)?.metrics;
}

/** Hyperparameters that differ between configurations, e.g. "learningRate=0.001". */
function describeConfigDifference(chosen: ResultRecord, all: ResultRecord[]): string {
  const keys = Object.keys(chosen.spec.hyper).filter((k) => new Set(all.map((r) => JSON.stringify(r.spec.hyper[k]))).size > 1);
  const cfg = new Set(all.map((r) => JSON.stringify(r.spec.methodConfig))).size > 1 ? [`config=${JSON.stringify(chosen.spec.methodConfig)}`] : [];
  return [...keys.map((k) => `${k}=${String(chosen.spec.hyper[k])}`), ...cfg].join(', ');
}

function measureCell(records: ResultRecord[], col: ColumnSpec, rule: AggregationRule): Pick<Cell, 'measured' | 'chosen'> {
  const usable = records
    .map((r) => {
      const v = columnMetric(col, reportedMetrics(r));
      const sel = r.result.best?.value;
      return r.result.status !== 'failed' && v !== null && typeof sel === 'number' && Number.isFinite(sel) ? { r, selection: sel, reported: 100 * v } : null;
    })
    .filter((x): x is NonNullable<typeof x> => x !== null);
  if (usable.length === 0) return { measured: null };
  const groups = new Map<string, typeof usable>();
  for (const u of usable) {
    const k = configKeyOf(u.r);
    groups.set(k, [...(groups.get(k) ?? []), u]);
  }
  let best: { score: number; runs: typeof usable } | null = null;
  for (const runs of groups.values()) {
    const score = aggregateRuns(runs.map((u) => ({ selection: u.selection, reported: u.selection })), rule).mean;
    if (!best || score > best.score) best = { score, runs };
  }
  const measured = aggregateRuns(best!.runs, rule);
  const chosen = groups.size > 1 ? describeConfigDifference(best!.runs[0].r, usable.map((u) => u.r)) : undefined;
  return { measured, chosen };
}

export function buildGlueTable(records: ResultRecord[], layout: GlueLayout, opts: BuildOptions): GlueTable {
  const paperModel = opts.paperModel ?? layout.defaultPaperModel;
  const methods = [...new Set(records.map((r) => r.spec.method))].sort(
    (a, b) => (METHOD_ORDER.indexOf(a) + 1 || 99) - (METHOD_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  const columns = layout.columns.map((c) => c.column);
  const avgColumns = opts.paper?.average_over ?? columns;
  const notes: string[] = [];

  const rows: TableRow[] = methods.map((method) => {
    const mine = records.filter((r) => r.spec.method === method);
    const paperLabel = layout.methodLabels[method] ?? null;
    let paperRow: PaperRow | null = null;
    try {
      paperRow = opts.paper && paperLabel ? findPaperRow(opts.paper, paperLabel, { model: paperModel, budget: layout.budget }) : null;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      notes.push(`${method}: no paper comparison — ${err.message}.`); // e.g. ID3 prints two budgets per method
    }
    const cells: Record<string, Cell> = {};
    for (const col of layout.columns) {
      const { measured, chosen } = measureCell(mine.filter((r) => r.spec.task === col.task), col, opts.aggregation);
      const p = paperRow?.values[col.column];
      const paper = typeof p === 'number' ? p : null;
      cells[col.column] = { measured, paper, diff: measured && paper !== null ? measured.mean - paper : null, chosen };
    }
    // Avg. over the paper's average columns that were measured; the paper side over the same columns
    const present = avgColumns.filter((c) => cells[c]?.measured);
    const avgMeasured = present.length > 0 ? present.reduce((s, c) => s + cells[c].measured!.mean, 0) / present.length : null;
    let avgPaper: number | null = null;
    if (paperRow) {
      const printed = opts.paper?.average_column ? paperRow.values[opts.paper.average_column] : null;
      if (present.length === avgColumns.length && typeof printed === 'number') avgPaper = printed;
      else {
        const vals = present.map((c) => paperRow.values[c]).filter((v): v is number => typeof v === 'number');
        avgPaper = vals.length === present.length && vals.length > 0 ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
      }
    }
    const avg = {
      measured: avgMeasured === null ? null : { mean: avgMeasured, std: null, used: present.length, of: avgColumns.length, incomplete: present.length < avgColumns.length },
      paper: avgPaper,
      diff: avgMeasured !== null && avgPaper !== null ? avgMeasured - avgPaper : null,
      over: present.length,
      of: avgColumns.length,
    };
    if (paperLabel && opts.paper && !paperRow) notes.push(`${method}: the paper's table has no '${paperLabel}' row for ${paperModel}.`);
    if (!paperLabel && opts.paper) notes.push(`${method}: no counterpart in ${layout.title}.`);
    const params = [...new Set(mine.filter((r) => r.result.status !== 'failed').map((r) => r.result.trainableParams))].sort((a, b) => a - b);
    return { method, paperLabel, paperRow, params, cells, avg };
  });

  const setting = settingOf(records[0]);
  const demo = isDemo(setting);
  const count = (s: string) => records.filter((r) => r.result.status === s).length;
  const seeds = [...new Set(records.map((r) => r.spec.seed))].sort((a, b) => a - b);
  const backends = [...new Set(records.filter((r) => r.result.status !== 'failed').map((r) => `${r.result.backend.name} (${r.result.backend.threads} thread${r.result.backend.threads === 1 ? '' : 's'}; ${Object.entries(r.result.backend.versions).map(([k, v]) => `${k} ${v}`).join(', ')})`))];
  const commits = [...new Set(records.map((r) => (r.git.commit ? r.git.commit.slice(0, 10) + (r.git.dirty ? ' (uncommitted changes)' : '') : 'unknown')))];
  const measuredTasks = new Set(records.map((r) => r.spec.task));
  const unused = [...measuredTasks].filter((t) => !layout.columns.some((c) => c.task === t));
  if (unused.length) notes.push(`Tasks run but not in this layout: ${unused.join(', ')}.`);
  if (count('failed') > 0) notes.push(`${count('failed')} failed run(s) are not counted; re-run the sweep to retry them.`);
  if (count('diverged') > 0) notes.push(`${count('diverged')} diverged run(s) count with the checkpoint selected before divergence (runs with no finite selection score are left out).`);
  if (rows.some((r) => Object.values(r.cells).some((c) => c.measured?.incomplete))) notes.push(`Cells marked * had fewer runs than the rule's k; they average every run they have.`);
  const chosenNotes = rows.flatMap((r) => {
    const byChoice = new Map<string, string[]>();
    for (const [col, c] of Object.entries(r.cells)) if (c.chosen) byChoice.set(c.chosen, [...(byChoice.get(c.chosen) ?? []), col]);
    return [...byChoice].map(([choice, cols]) => `${r.method} ${choice} (${cols.join(', ')})`);
  });
  if (chosenNotes.length) notes.push(`Configuration reported where several were run (best aggregated selection score): ${chosenNotes.join('; ')}.`);
  if (opts.paper && rows.some((r) => r.avg.measured && r.avg.over < r.avg.of)) {
    notes.push(`Avg. covers only the measured columns; the paper's side is recomputed over the same columns (the printed Avg. is used only when all ${avgColumns.length} columns were measured).`);
  }

  const header: [string, string][] = [
    ['Measured', `${opts.sweep} — ${records.length} runs (${count('ok')} ok, ${count('diverged')} diverged, ${count('failed')} failed)`],
    ['Model', describeModel(setting.model)],
    ['Data', describeData(setting.data)],
    ['Protocol', describeProtocol(setting.protocol)],
    ['Seeds', `${seeds.join(', ')}; ${describeRule(opts.aggregation, seeds.length)}`],
    ['Backend', backends.join('; ') || 'none (no run finished)'],
    ['Code', `git ${commits.join(', ')}`],
    [
      'Paper',
      opts.paper ? `${opts.paper.paperTitle}, ${opts.paper.id}, ${paperModel} rows (values as printed)` : `not available: ${opts.paperMissing ?? 'unknown reason'}`,
    ],
    ['Scale', 'metrics ×100: MCC (CoLA), Pearson (STS-B) or accuracy, as the paper prints them; Δ = measured − paper, in points'],
  ];
  const title = `${layout.title} layout — ${demo ? 'demo data, ' : ''}${setting.model}, ${setting.protocol} protocol`;
  return { layout, title, header, columns, rows, notes, demo };
}
