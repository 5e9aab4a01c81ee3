/**
 * Build one paper-style table from result records. Rows are either one per method that ran (layouts
 * without `rows`) or keyed by configuration (a paper row + the runs that fill it: method found through
 * the method packages' paperNames, and a subset of its config — the most specific row claims a run). For
 * every row and column the runs are grouped by configuration (everything but the seed), each group is
 * aggregated over seeds by the sweep's rule, and the group with the best aggregated SELECTION score is
 * reported (a learning-rate grid is resolved on validation numbers, as the papers tune). Beside it: the
 * paper's number and measured − paper. Rows whose method does not exist print "not implemented (<missing
 * piece>)"; tables that need an external judge print "needs <what>"; runs no row claims get a row of their own.
 */
import { InputError } from '@peftbench/util';
import { findPaperRow, type PaperTable, type ResultRow } from '@peftbench/papers';
import type { Aggregate, AggregationRule } from './aggregate.ts';
import { aggregateRuns, describeRule } from './aggregate.ts';
import { columnMetric, type ColumnSpec, type Layout, type RowSpec } from './layouts.ts';
import { methodForPaperName, methodLabel, paperNamesOf, resolvedConfig, sortMethods, type MethodInfo } from './methods.ts';
import type { ResultRecord } from './result-files.ts';
import { describeData, describeModel, describeProtocol, isDemo, settingOf } from './settings.ts';

export interface Cell {
  measured: Aggregate | null;
  paper: number | null;
  /** measured mean − paper, in the column's printed units. */
  diff: number | null;
  /** Which configuration was reported when several were run (e.g. "learningRate=0.001"). */
  chosen?: string;
}

export type PaperRow = ResultRow;

export interface TableRow {
  /** Stable key (paper label + config, or the method name). */
  key: string;
  /** Printed label. */
  label: string;
  /** Method whose runs fill the row ('' when none exists). */
  method: string;
  paperLabel: string | null;
  paperRow: PaperRow | null;
  /** "not implemented (…)", "needs …", "not run" — why the measured side is empty; absent when measured. */
  status?: string;
  /** Config subset that selects the row's runs. */
  config?: Record<string, unknown>;
  /** Distinct trainable-parameter counts measured (one unless configurations differ). */
  params: number[];
  cells: Record<string, Cell>;
  avg: Cell & { over: number; of: number };
  /** Result files that fill the row (run ids), for the per-run links of the HTML report. */
  runs: string[];
}

export interface GlueTable {
  layout: Layout;
  title: string;
  header: [string, string][];
  columns: string[];
  rows: TableRow[];
  notes: string[];
  demo: boolean;
  /** Whether the table prints an Avg. column. */
  average: boolean;
}
export type ReportTable = GlueTable;

export interface BuildOptions {
  paper: PaperTable | null;
  /** Why the paper numbers are missing (shown in the header) when `paper` is null. */
  paperMissing?: string;
  aggregation: AggregationRule;
  /** Backbone row to compare with; default the layout's. */
  paperModel?: string;
  sweep: string;
  /** The installed methods (labels, paper names, order, config defaults); default none (rows by method name). */
  methods?: readonly MethodInfo[];
}

/** Canonical key of a run's configuration without its seed (and without bookkeeping fields). */
export function configKeyOf(r: ResultRecord): string {
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

/** Higher is better for the selection score, except losses (E2E and math select on the lowest loss). */
export function selectionScore(r: ResultRecord): number | null {
  const best = r.result.best;
  if (!best || typeof best.value !== 'number' || !Number.isFinite(best.value)) return null;
  return /loss/i.test(best.metric) ? -best.value : best.value;
}

/** Hyperparameters that differ between configurations, e.g. "learningRate=0.001". */
function describeConfigDifference(chosen: ResultRecord, all: ResultRecord[]): string {
  const keys = Object.keys(chosen.spec.hyper).filter((k) => new Set(all.map((r) => JSON.stringify(r.spec.hyper[k]))).size > 1);
  const cfg = new Set(all.map((r) => JSON.stringify(r.spec.methodConfig))).size > 1 ? [`config=${JSON.stringify(chosen.spec.methodConfig)}`] : [];
  return [...keys.map((k) => `${k}=${String(chosen.spec.hyper[k])}`), ...cfg].join(', ');
}

function measureCell(records: ResultRecord[], col: ColumnSpec, rule: AggregationRule): Pick<Cell, 'measured' | 'chosen'> & { runs: ResultRecord[] } {
  const scale = col.scale ?? 100;
  const usable = records
    .map((r) => {
      const v = columnMetric(col, reportedMetrics(r));
      const sel = selectionScore(r);
      return r.result.status !== 'failed' && v !== null && sel !== null ? { r, selection: sel, reported: scale * v } : null;
    })
    .filter((x): x is NonNullable<typeof x> => x !== null);
  if (usable.length === 0) return { measured: null, runs: [] };
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
  return { measured, chosen, runs: best!.runs.map((u) => u.r) };
}

/** Does a run's (defaults-filled) config contain every entry of `subset`? */
function configMatches(config: Record<string, unknown>, subset: Record<string, unknown> | undefined): boolean {
  return Object.entries(subset ?? {}).every(([k, v]) => v === undefined || canonical(config[k]) === canonical(v));
}

const describeConfig = (c: Record<string, unknown> | undefined) =>
  Object.entries(c ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');

interface RowPlan {
  spec: RowSpec | null;
  key: string;
  label: string;
  method: string;
  paperLabel: string | null;
  paperRow: PaperRow | null;
  status?: string;
  config?: Record<string, unknown>;
  records: ResultRecord[];
}

function paperRowFor(paper: PaperTable | null, names: string[], where: { model?: string; budget?: string; match?: Record<string, unknown> }, notes: string[], method: string): { row: PaperRow | null; label: string | null } {
  if (!paper) return { row: null, label: null };
  for (const name of names) {
    try {
      const row = findPaperRow(paper, name, where);
      if (row) return { row, label: name };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      notes.push(`${method}: no paper comparison — ${err.message}.`); // e.g. ID3 prints two budgets per method
      return { row: null, label: name };
    }
  }
  return { row: null, label: null };
}

/** Rows of a layout without `rows`: one per method that ran. */
function planPerMethod(records: ResultRecord[], layout: Layout, opts: BuildOptions, paperModel: string | undefined, notes: string[]): RowPlan[] {
  const methods = opts.methods ?? [];
  return sortMethods(methods, records.map((r) => r.spec.method)).map((method) => {
    const names = paperNamesOf(methods, method);
    const { row, label } = paperRowFor(opts.paper, names, { model: paperModel, budget: layout.budget }, notes, method);
    if (opts.paper && !row && !notes.some((n) => n.startsWith(`${method}:`))) notes.push(`${method}: no counterpart in ${layout.title}${paperModel ? ` for ${paperModel}` : ''}.`);
    return { spec: null, key: method, label: methodLabel(methods, method), method, paperLabel: label, paperRow: row, records: records.filter((r) => r.spec.method === method) };
  });
}

/** Rows keyed by configuration: every paper row, then the runs no row claimed. */
function planByConfig(records: ResultRecord[], layout: Layout, specs: RowSpec[], opts: BuildOptions, notes: string[]): RowPlan[] {
  const methods = opts.methods ?? [];
  const plans: RowPlan[] = specs.map((spec) => {
    const paperName = spec.runs?.paperName ?? spec.paper?.method ?? '';
    const m = methodForPaperName(methods, paperName);
    let paperRow: PaperRow | null = null;
    if (opts.paper && spec.paper) {
      try {
        paperRow = findPaperRow(opts.paper, spec.paper.method, { model: spec.paper.model, budget: spec.paper.budget, match: spec.paper.match });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        notes.push(`${spec.label ?? spec.paper.method}: ${err.message}.`);
      }
    }
    const label = spec.label ?? spec.paper?.method ?? paperName;
    const status = layout.needs || spec.needs ? `needs ${spec.needs ?? layout.needs}` : !m ? `not implemented (${spec.missing ?? `no method package answers to the paper name '${paperName}'`})` : undefined;
    return { spec, key: `${label}${spec.runs?.config ? ` [${describeConfig(spec.runs.config)}]` : ''}`, label, method: m?.name ?? '', paperLabel: spec.paper?.method ?? null, paperRow, status, config: spec.runs?.config, records: [] };
  });
  const leftover: ResultRecord[] = [];
  const ties = new Map<string, { rows: RowPlan[]; records: ResultRecord[] }>();
  const specificity = (p: RowPlan) => Object.values(p.config ?? {}).filter((v) => v !== undefined).length;
  for (const r of records) {
    const config = resolvedConfig(methods, r.spec.method, r.spec.methodConfig);
    const candidates = plans.filter((p) => p.method && p.method === r.spec.method && !p.status?.startsWith('needs') && configMatches(config, p.config));
    const top = Math.max(-1, ...candidates.map(specificity));
    const best = candidates.filter((p) => specificity(p) === top);
    if (best.length === 1) best[0].records.push(r);
    else if (best.length === 0) leftover.push(r);
    else {
      // the paper prints the same method at several sizes with nothing else to tell them apart (IT-Tuning T1
      // Adpt^P 3.0M / 0.8M): resolved by trainable-parameter count below
      const key = best.map((p) => p.key).join('\n');
      const tie = ties.get(key) ?? { rows: best, records: [] };
      tie.records.push(r);
      ties.set(key, tie);
    }
  }
  for (const { rows: tied, records: rs } of ties.values()) {
    const byCount = [...tied].sort((a, b) => (a.paperRow?.trainable_params_count ?? 0) - (b.paperRow?.trainable_params_count ?? 0));
    const sizes = [...new Set(rs.map((r) => r.result.trainableParams))].sort((a, b) => a - b);
    const rowFor = (size: number): RowPlan => {
      // as many sizes as rows: the i-th smallest run goes to the i-th smallest paper row; else the nearest count (log scale)
      if (sizes.length === byCount.length) return byCount[sizes.indexOf(size)];
      const dist = (p: RowPlan) => Math.abs(Math.log(Math.max(1, p.paperRow?.trainable_params_count ?? 1)) - Math.log(Math.max(1, size)));
      return byCount.reduce((a, b) => (dist(b) < dist(a) ? b : a));
    };
    for (const r of rs) rowFor(r.result.trainableParams).records.push(r);
    notes.push(`${tied.map((p) => p.label).join(' / ')}: the paper prints one method at ${tied.length} sizes; runs were assigned by their trainable-parameter count (${sizes.length === byCount.length ? 'in order' : 'nearest printed count'}).`);
  }
  // a row left at "no config" claims only runs that no sibling row with a config would take (done above); runs
  // that match no row (another config, a method the paper lacks) get a measured-only row, never hidden
  for (const method of sortMethods(methods, leftover.map((r) => r.spec.method))) {
    const mine = leftover.filter((r) => r.spec.method === method);
    const byConfig = new Map<string, ResultRecord[]>();
    for (const r of mine) {
      const k = describeConfig(r.spec.methodConfig);
      byConfig.set(k, [...(byConfig.get(k) ?? []), r]);
    }
    for (const [cfg, rs] of byConfig) {
      const label = `${methodLabel(methods, method)}${cfg ? ` (${cfg})` : ''}`;
      plans.push({ spec: null, key: `${method} ${cfg}`, label, method, paperLabel: null, paperRow: null, records: rs });
      if (opts.paper) notes.push(`${label}: no row of ${layout.title} matches these runs; shown without a paper comparison.`);
    }
  }
  return plans;
}

export function buildTable(records: ResultRecord[], layout: Layout, opts: BuildOptions): GlueTable {
  const paperModel = opts.paperModel ?? layout.defaultPaperModel;
  const columns = layout.columns.map((c) => c.column);
  const average = layout.average ?? (opts.paper ? opts.paper.average_column !== null : true);
  const avgColumns = average ? (opts.paper?.average_over?.length ? opts.paper.average_over.filter((c) => columns.includes(c)) : columns) : [];
  const notes: string[] = [];
  const familyRecords = records;
  const plans = layout.rows && opts.paper ? planByConfig(familyRecords, layout, layout.rows(opts.paper, paperModel), opts, notes) : planPerMethod(familyRecords, layout, opts, paperModel, notes);

  const rows: TableRow[] = plans.map((plan) => {
    const cells: Record<string, Cell> = {};
    const used = new Set<string>();
    for (const col of layout.columns) {
      const { measured, chosen, runs } = measureCell(plan.records.filter((r) => r.spec.task === col.task), col, opts.aggregation);
      for (const r of runs) used.add(r.id);
      const p = plan.paperRow?.values[col.column];
      const paper = typeof p === 'number' ? p : null;
      cells[col.column] = { measured, paper, diff: measured && paper !== null ? measured.mean - paper : null, chosen };
    }
    // Avg. over the paper's average columns that were measured; the paper side over the same columns
    const present = avgColumns.filter((c) => cells[c]?.measured);
    const avgMeasured = present.length > 0 ? present.reduce((s, c) => s + cells[c].measured!.mean, 0) / present.length : null;
    let avgPaper: number | null = null;
    const paperRow = plan.paperRow;
    if (paperRow && average) {
      const printed = opts.paper?.average_column ? paperRow.values[opts.paper.average_column] : null;
      if ((present.length === avgColumns.length || avgMeasured === null) && typeof printed === 'number') avgPaper = printed;
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
    const params = [...new Set(plan.records.filter((r) => r.result.status !== 'failed').map((r) => r.result.trainableParams))].sort((a, b) => a - b);
    const measuredAny = Object.values(cells).some((c) => c.measured);
    const status = plan.status ?? (measuredAny ? undefined : layout.requires && plan.records.length === 0 ? `not run (needs ${layout.requires})` : 'not run');
    return { key: plan.key, label: plan.label, method: plan.method, paperLabel: plan.paperLabel, paperRow, status, config: plan.config, params, cells, avg, runs: [...used].sort() };
  });

  const demo = records.length > 0 && isDemo(settingOf(records[0]));
  const count = (s: string) => records.filter((r) => r.result.status === s).length;
  const seeds = [...new Set(records.map((r) => r.spec.seed))].sort((a, b) => a - b);
  const backends = [...new Set(records.filter((r) => r.result.status !== 'failed').map((r) => `${r.result.backend.name} (${r.result.backend.threads} thread${r.result.backend.threads === 1 ? '' : 's'}; ${Object.entries(r.result.backend.versions).map(([k, v]) => `${k} ${v}`).join(', ')})`))];
  const commits = [...new Set(records.map((r) => (r.git.commit ? r.git.commit.slice(0, 10) + (r.git.dirty ? ' (uncommitted changes)' : '') : 'unknown')))];
  const unused = [...new Set(records.map((r) => r.spec.task))].filter((t) => !layout.columns.some((c) => c.task === t));
  if (unused.length) notes.push(`Tasks run but not in this layout: ${unused.join(', ')}.`);
  if (count('failed') > 0) notes.push(`${count('failed')} failed run(s) are not counted; re-run the sweep to retry them.`);
  if (count('diverged') > 0) notes.push(`${count('diverged')} diverged run(s) count with the checkpoint selected before divergence (runs with no finite selection score are left out).`);
  if (rows.some((r) => Object.values(r.cells).some((c) => c.measured?.incomplete))) notes.push(`Cells marked * had fewer runs than the rule's k; they average every run they have.`);
  const chosenNotes = rows.flatMap((r) => {
    const byChoice = new Map<string, string[]>();
    for (const [col, c] of Object.entries(r.cells)) if (c.chosen) byChoice.set(c.chosen, [...(byChoice.get(c.chosen) ?? []), col]);
    return [...byChoice].map(([choice, cols]) => `${r.label} ${choice} (${cols.join(', ')})`);
  });
  if (chosenNotes.length) notes.push(`Configuration reported where several were run (best aggregated selection score): ${chosenNotes.join('; ')}.`);
  if (opts.paper && rows.some((r) => r.avg.measured && r.avg.over < r.avg.of)) {
    notes.push(`Avg. covers only the measured columns; the paper's side is recomputed over the same columns (the printed Avg. is used only when all ${avgColumns.length} columns were measured).`);
  }
  if (demo && opts.paper) notes.push('Demo data: the paper numbers are real benchmark numbers on the papers\' backbones, shown for layout; Δ is not a reproduction gap.');

  const setting = records.length > 0 ? settingOf(records[0]) : null;
  const header: [string, string][] = [
    ['Measured', records.length > 0 ? `${opts.sweep} — ${records.length} runs (${count('ok')} ok, ${count('diverged')} diverged, ${count('failed')} failed)` : `no runs${layout.needs ? ` — needs ${layout.needs}` : layout.requires ? ` — needs ${layout.requires}` : ''}`],
  ];
  if (setting) {
    header.push(
      ['Model', describeModel(setting.model)],
      ['Data', describeData(setting.data, records[0].spec.family)],
      ['Protocol', describeProtocol(setting.protocol, records[0].spec.family)],
      ['Seeds', `${seeds.join(', ')}; ${describeRule(opts.aggregation, seeds.length)}`],
      ['Backend', backends.join('; ') || 'none (no run finished)'],
      ['Code', `git ${commits.join(', ')}`],
    );
  }
  header.push(
    ['Paper', opts.paper ? `${opts.paper.paperTitle}, ${opts.paper.id}${paperModel && layout.rows === undefined ? `, ${paperModel} rows` : paperModel ? `, ${paperModel} rows` : ''} (values as printed)` : `not available: ${opts.paperMissing ?? 'unknown reason'}`],
    ['Scale', layout.scaleNote ?? GLUE_SCALE_NOTE],
  );
  const title = setting ? `${layout.title} layout — ${demo ? 'demo data, ' : ''}${setting.model}, ${setting.protocol} protocol` : `${layout.title} — paper numbers (no runs)`;
  return { layout, title, header, columns, rows, notes, demo, average };
}

const GLUE_SCALE_NOTE = 'metrics ×100: MCC (CoLA), Pearson (STS-B) or accuracy, as the paper prints them; Δ = measured − paper, in points';

/** @deprecated the GLUE-only name of buildTable. */
export const buildGlueTable = buildTable;
