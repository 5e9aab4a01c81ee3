/**
 * Figures from result files only (chart.js on @napi-rs/canvas, PNG):
 *  - training curves: loss vs step (result.history) and the selection metric vs step (result.evals), one
 *    line per table row with a mean ± std band over seeds;
 *  - parameters vs score: one point per table row (trainable parameters, log scale, vs the row's average or
 *    first column), measured and paper points side by side — the plot PEFT papers argue efficiency with;
 *  - score vs number of updated parameters (ID3 Figure 5): the checkpoints selective runs score after training
 *    (`budgetScores`), or runs that differ by their config `budget`; one panel per task;
 *  - tensor sparsity and sparsity entropy vs training iteration (ID3 Figures 8/9) from `sparsityTrace`, and the
 *    per-layer allocation after training from `layerStats`; one panel per task.
 * Each function returns null when the records carry nothing to draw.
 */
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { meanStd } from './aggregate.ts';
import type { ResultRecord } from './result-files.ts';
import type { GlueTable } from './table.ts';

Chart.register(...registerables);

const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f', '#ff9da7', '#bab0ac'];

async function draw(config: ChartConfiguration, size = { width: 900, height: 480 }): Promise<Buffer> {
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size.width, size.height);
  const chart = new Chart(ctx as unknown as CanvasRenderingContext2D, { ...config, options: { animation: false, responsive: false, ...config.options } } as ChartConfiguration);
  const png = await canvas.encode('png');
  chart.destroy();
  return png;
}

export interface Series {
  label: string;
  /** One curve per seed: (x, y) points. */
  curves: { x: number; y: number }[][];
}

/** Mean ± sample std over the seeds at each x every curve has (x values present in all curves). */
export function meanBand(curves: { x: number; y: number }[][]): { x: number; mean: number; lo: number; hi: number }[] {
  if (curves.length === 0) return [];
  const maps = curves.map((c) => new Map(c.filter((p) => Number.isFinite(p.y)).map((p) => [p.x, p.y])));
  const xs = [...maps[0].keys()].filter((x) => maps.every((m) => m.has(x))).sort((a, b) => a - b);
  return xs.map((x) => {
    const a = meanStd(maps.map((m) => m.get(x)!));
    const s = a.std ?? 0;
    return { x, mean: a.mean, lo: a.mean - s, hi: a.mean + s };
  });
}

/** Line chart with one mean line and a ±1 std band per series. */
export async function renderBandChart(series: Series[], o: { title: string; xLabel: string; yLabel: string; subtitle?: string }): Promise<Buffer | null> {
  const drawn = series.map((s) => ({ s, band: meanBand(s.curves) })).filter((x) => x.band.length > 0);
  if (drawn.length === 0) return null;
  const datasets = drawn.flatMap(({ s, band }, i) => {
    const color = COLORS[i % COLORS.length];
    return [
      { label: `${s.label} (n=${s.curves.length})`, data: band.map((p) => ({ x: p.x, y: p.mean })), borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2, fill: false },
      { label: '', data: band.map((p) => ({ x: p.x, y: p.hi })), borderColor: 'transparent', pointRadius: 0, fill: false },
      { label: '', data: band.map((p) => ({ x: p.x, y: p.lo })), borderColor: 'transparent', backgroundColor: `${color}33`, pointRadius: 0, fill: '-1' },
    ];
  });
  return draw({
    type: 'line',
    data: { datasets },
    options: {
      plugins: {
        title: { display: true, text: o.title, font: { size: 15 } },
        subtitle: { display: true, text: o.subtitle ?? 'mean over seeds; band = ±1 sample std' },
        legend: { position: 'bottom', labels: { filter: (item) => item.text !== '' } },
        filler: { propagate: false },
      },
      scales: { x: { type: 'linear', title: { display: true, text: o.xLabel } }, y: { title: { display: true, text: o.yLabel } } },
    },
  } as ChartConfiguration);
}

/** Training-loss and selection-metric curves of one table's rows, per task; null where no run has them. */
export async function renderTrainingCurves(t: GlueTable, records: ResultRecord[], task: string): Promise<{ loss: Buffer | null; metric: Buffer | null }> {
  const byId = new Map(records.map((r) => [r.id, r]));
  const rowsRuns = t.rows.map((row) => ({ label: row.label, runs: [...new Set(row.runs)].map((id) => byId.get(id)!).filter((r) => r && r.spec.task === task) })).filter((x) => x.runs.length > 0);
  const loss: Series[] = rowsRuns.map(({ label, runs }) => ({
    label,
    curves: runs
      .filter((r) => r.result.history && r.result.history.step.length > 0)
      .map((r) => r.result.history!.step.map((x, i) => ({ x, y: r.result.history!.loss[i] ?? NaN }))),
  }));
  const metricName = rowsRuns[0]?.runs[0]?.result.best?.metric ?? 'metric';
  const metric: Series[] = rowsRuns.map(({ label, runs }) => ({
    label,
    curves: runs.filter((r) => r.result.evals.length > 0).map((r) => r.result.evals.map((e) => ({ x: e.step, y: e.metrics[metricName] ?? NaN }))),
  }));
  const title = `${t.layout.title} — ${task}`;
  return {
    loss: await renderBandChart(loss.filter((s) => s.curves.length > 0), { title: `${title}: training loss`, xLabel: 'optimizer step', yLabel: 'loss' }),
    metric: await renderBandChart(metric.filter((s) => s.curves.length > 0), { title: `${title}: ${metricName} on the selection split`, xLabel: 'optimizer step', yLabel: metricName }),
  };
}

/** Parameters vs score: measured rows (filled) and the paper's rows (hollow), x log scale. */
export async function renderParamsScatter(t: GlueTable, o: { title?: string } = {}): Promise<Buffer | null> {
  const scoreOf = (cells: Record<string, { measured: { mean: number } | null; paper: number | null }>, avg: { measured: { mean: number } | null; paper: number | null }, side: 'measured' | 'paper') => {
    if (t.average) return side === 'measured' ? (avg.measured?.mean ?? null) : avg.paper;
    const c = cells[t.columns[0]];
    return side === 'measured' ? (c?.measured?.mean ?? null) : (c?.paper ?? null);
  };
  const measured = t.rows.flatMap((r) => {
    const y = scoreOf(r.cells, r.avg, 'measured');
    return y !== null && r.params.length > 0 && r.params[0] > 0 ? [{ x: r.params[0], y, label: r.label }] : [];
  });
  const paper = t.rows.flatMap((r) => {
    const y = scoreOf(r.cells, r.avg, 'paper');
    const x = r.paperRow?.trainable_params_count;
    return y !== null && typeof x === 'number' && x > 0 ? [{ x, y, label: r.label }] : [];
  });
  if (measured.length === 0 && paper.length === 0) return null;
  const what = t.average ? 'Avg.' : t.columns[0];
  return draw({
    type: 'scatter',
    data: {
      datasets: [
        { label: `measured (${what})`, data: measured, backgroundColor: COLORS[0], pointRadius: 6 },
        { label: `paper (${what}, as printed)`, data: paper, borderColor: COLORS[1], backgroundColor: 'transparent', pointRadius: 6, borderWidth: 2 },
      ],
    },
    options: {
      plugins: {
        title: { display: true, text: o.title ?? `${t.title}: trainable parameters vs score`, font: { size: 14 } },
        subtitle: { display: true, text: 'each point is a table row; measured and paper backbones differ on this machine' },
        legend: { position: 'bottom' },
      },
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'trainable parameters (log)' } }, y: { title: { display: true, text: what } } },
    },
  } as ChartConfiguration);
}

// ---- ID3 Figures 5, 8, 9 (and the per-layer allocation): one panel per task, as the paper draws CoLA | MRPC | RTE ----

const PANEL = { width: 440, height: 400 };
const TITLE_LINE = 18;

/** Panels side by side in one PNG under a title line (chart.js draws each panel on its own canvas). */
async function drawPanels(configs: ChartConfiguration[], title: string, panel = PANEL): Promise<Buffer> {
  const width = panel.width * configs.length;
  // the title, wrapped to the width (one line over two or more panels)
  const measure = createCanvas(1, 1).getContext('2d');
  measure.font = 'bold 14px sans-serif';
  const lines: string[] = [];
  for (const word of title.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && measure.measureText(`${last} ${word}`).width <= width - 20) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const titleHeight = 12 + TITLE_LINE * lines.length;
  const out = createCanvas(width, panel.height + titleHeight);
  const octx = out.getContext('2d');
  octx.fillStyle = '#ffffff';
  octx.fillRect(0, 0, out.width, out.height);
  octx.fillStyle = '#333333';
  octx.font = 'bold 14px sans-serif';
  octx.textAlign = 'center';
  lines.forEach((line, i) => octx.fillText(line, width / 2, 20 + i * TITLE_LINE));
  for (const [i, config] of configs.entries()) {
    const canvas = createCanvas(panel.width, panel.height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, panel.width, panel.height);
    const chart = new Chart(ctx as unknown as CanvasRenderingContext2D, { ...config, options: { animation: false, responsive: false, ...config.options } } as ChartConfiguration);
    octx.drawImage(canvas, i * panel.width, titleHeight);
    chart.destroy();
  }
  return out.encode('png');
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The run's setting without the seed: hyperparameters and method config (checkpoint budgets aside). */
function settingKey(r: ResultRecord): string {
  const { checkpointBudgets: _, ...config } = r.spec.methodConfig;
  return JSON.stringify([r.spec.model, r.spec.protocol, r.spec.hyper, config]);
}

/**
 * The runs a figure draws for one task and method: per config budget, the setting (learning rate, ...) with the
 * best mean selection value over its seeds — the paper does not say which run its figures show.
 */
function chosenRuns(records: ResultRecord[]): Map<string, Map<string, ResultRecord[]>> {
  const byTaskMethod = new Map<string, Map<string, ResultRecord[]>>();
  for (const r of records) {
    if (r.result.status === 'failed') continue;
    const m = byTaskMethod.get(r.spec.task) ?? new Map<string, ResultRecord[]>();
    m.set(r.spec.method, [...(m.get(r.spec.method) ?? []), r]);
    byTaskMethod.set(r.spec.task, m);
  }
  const out = new Map<string, Map<string, ResultRecord[]>>();
  for (const task of [...byTaskMethod.keys()].sort()) {
    const methods = new Map<string, ResultRecord[]>();
    for (const [method, runs] of byTaskMethod.get(task)!) {
      const byBudget = new Map<string, Map<string, ResultRecord[]>>();
      for (const r of runs) {
        const b = String(r.spec.methodConfig.budget ?? '');
        const settings = byBudget.get(b) ?? new Map<string, ResultRecord[]>();
        settings.set(settingKey(r), [...(settings.get(settingKey(r)) ?? []), r]);
        byBudget.set(b, settings);
      }
      const kept: ResultRecord[] = [];
      for (const settings of byBudget.values()) {
        const minimise = (runs[0].result.best?.metric ?? '').includes('loss');
        const score = (rs: ResultRecord[]) => {
          const v = rs.map((r) => r.result.best?.value).filter(finite);
          return v.length === 0 ? -Infinity : minimise ? -mean(v) : mean(v);
        };
        kept.push(...[...settings.values()].sort((a, b) => score(b) - score(a))[0]);
      }
      methods.set(method, kept);
    }
    out.set(task, methods);
  }
  return out;
}

/**
 * ID3 Figure 5: dev score vs number of updated parameters, one panel per task. A run with `budgetScores` gives
 * one point per checkpoint budget (x = |Λ| when the snapshot was kept, y = the selection metric of that snapshot);
 * runs without them give one point per config `budget` (their selected score). A method with one point in a
 * panel (repeat-D3 at B) is drawn as a flat dashed line across it, as the paper's red line. Means over seeds
 * of the setting (learning rate) with the best mean score. Null when no run has checkpoint scores and no
 * method has two config budgets in a task.
 */
export interface BudgetPanel {
  task: string;
  /**
   * Per method: (x = updated parameters, y = selection metric, fraction) points, sorted by x; `checkpoints`:
   * they come from `budgetScores` (else from config budgets, and a single one is drawn as a flat line).
   */
  series: { method: string; metric: string; checkpoints: boolean; points: { x: number; y: number }[] }[];
}

/** The data of Figure 5 (what `renderBudgetFigure` draws): panels with checkpoint scores or a curve of two config budgets. */
export function budgetFigureData(records: ResultRecord[]): BudgetPanel[] {
  const panels: BudgetPanel[] = [];
  for (const [task, methods] of chosenRuns(records)) {
    const series: BudgetPanel['series'] = [];
    for (const [method, runs] of methods) {
      const metric = runs.find((r) => r.result.best)?.result.best!.metric;
      if (!metric) continue;
      const at = new Map<number, { x: number[]; y: number[] }>();
      const add = (key: number, x: number, y: number | null | undefined) => {
        if (!finite(y)) return;
        const e = at.get(key) ?? { x: [], y: [] };
        e.x.push(x);
        e.y.push(y);
        at.set(key, e);
      };
      const checkpoints = runs.some((r) => (r.result.budgetScores?.length ?? 0) > 0);
      for (const r of runs) {
        if (r.result.budgetScores?.length) for (const b of r.result.budgetScores) add(b.budget, b.budgetUsed, b.metrics[metric]);
        else if (typeof r.spec.methodConfig.budget === 'number') add(r.spec.methodConfig.budget, r.spec.methodConfig.budget, r.result.best?.value);
      }
      const points = [...at.values()].map((e) => ({ x: mean(e.x), y: mean(e.y) })).sort((a, b) => a.x - b.x);
      if (points.length > 0) series.push({ method, metric, checkpoints, points });
    }
    if (series.some((s) => s.checkpoints || s.points.length >= 2)) panels.push({ task, series });
  }
  return panels;
}

export async function renderBudgetFigure(records: ResultRecord[], label: (method: string) => string, o: { title?: string } = {}): Promise<Buffer | null> {
  const data = budgetFigureData(records);
  if (data.length === 0) return null;
  const panels = data.map(({ task, series }): ChartConfiguration => {
    const xs = series.flatMap((s) => s.points.map((p) => p.x));
    const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
    return {
      type: 'line',
      data: {
        datasets: series.map((s, i) => {
          const color = COLORS[i % COLORS.length];
          const flat = s.points.length === 1 && !s.checkpoints;
          return {
            label: flat ? `${label(s.method)} (one budget: ${s.points[0].x})` : label(s.method),
            data: flat ? [{ x: lo, y: s.points[0].y }, { x: hi, y: s.points[0].y }] : s.points,
            borderColor: color,
            backgroundColor: color,
            borderDash: flat ? [6, 4] : undefined,
            pointRadius: flat ? 0 : s.points.length === 1 ? 5 : 3,
          };
        }),
      },
      options: {
        plugins: { title: { display: true, text: task, font: { size: 14 } }, legend: { position: 'bottom' } },
        scales: { x: { type: 'linear', title: { display: true, text: 'number of updated parameters' } }, y: { title: { display: true, text: `${series[0].metric} (dev)` } } },
      },
    } as ChartConfiguration;
  });
  return drawPanels(panels, o.title ?? 'ID3 Figure 5 layout: dev score of the checkpoints kept as the budget grows (mean over seeds, best learning rate)');
}


/** Band datasets (mean line, ±1 std band) for one panel. */
function bandDatasets(series: Series[]): ChartConfiguration['data']['datasets'] {
  return series
    .map((s) => ({ s, band: meanBand(s.curves) }))
    .filter((x) => x.band.length > 0)
    .flatMap(({ s, band }, i) => {
      const color = COLORS[i % COLORS.length];
      return [
        { label: `${s.label} (n=${s.curves.length})`, data: band.map((p) => ({ x: p.x, y: p.mean })), borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 2, fill: false },
        { label: '', data: band.map((p) => ({ x: p.x, y: p.hi })), borderColor: 'transparent', pointRadius: 0, fill: false },
        { label: '', data: band.map((p) => ({ x: p.x, y: p.lo })), borderColor: 'transparent', backgroundColor: `${color}33`, pointRadius: 0, fill: '-1' },
      ];
    }) as ChartConfiguration['data']['datasets'];
}

/** One band panel per task; null when no task has a curve. */
async function bandPanels(records: ResultRecord[], curveOf: (r: ResultRecord) => { x: number; y: number }[], label: (method: string) => string, axes: { x: string; y: string; title: string; yMax?: number }): Promise<Buffer | null> {
  const panels: ChartConfiguration[] = [];
  for (const [task, methods] of chosenRuns(records)) {
    const series: Series[] = [...methods].map(([method, runs]) => ({ label: label(method), curves: runs.map(curveOf).filter((c) => c.length > 0) })).filter((s) => s.curves.length > 0);
    const datasets = bandDatasets(series);
    if (datasets.length === 0) continue;
    panels.push({
      type: 'line',
      data: { datasets },
      options: {
        plugins: { title: { display: true, text: task, font: { size: 14 } }, legend: { position: 'bottom', labels: { filter: (item: { text: string }) => item.text !== '' } }, filler: { propagate: false } },
        scales: { x: { type: 'linear', title: { display: true, text: axes.x } }, y: { min: 0, max: axes.yMax, title: { display: true, text: axes.y } } },
      },
    } as ChartConfiguration);
  }
  return panels.length === 0 ? null : drawPanels(panels, axes.title);
}

/**
 * ID3 Figure 8 (`sparsity`: the share of target tensors with no updated entry) and Figure 9 (`entropy`: the
 * entropy of |P_j ∩ Λ| / |Λ| over the tensors, divided by ln M) against the training iteration, from each
 * run's `sparsityTrace`; one panel per task, one line per method (ID3 = increment-S, repeat-D3 = repeat-S),
 * mean ± std over the seeds of the best setting.
 */
export async function renderSparsityFigure(records: ResultRecord[], stat: 'sparsity' | 'entropy', label: (method: string) => string, o: { title?: string } = {}): Promise<Buffer | null> {
  const key = stat === 'sparsity' ? 'tensorSparsity' : 'entropyNormalized';
  return bandPanels(records, (r) => (r.result.sparsityTrace ?? []).flatMap((p) => (finite(p[key]) ? [{ x: p.step, y: p[key] as number }] : [])), label, {
    x: 'training iteration (optimizer step)',
    y: stat === 'sparsity' ? 'tensor sparsity' : 'sparsity entropy / ln M',
    yMax: 1,
    title: o.title ?? (stat === 'sparsity' ? 'ID3 Figure 8 layout: tensor sparsity (share of tensors with no updated entry)' : 'ID3 Figure 9 layout: sparsity entropy of the updated entries over tensors (normalised)'),
  });
}

/** A per-layer statistic after training (`layerStats`: share of the used budget, density, sparsity, entropy), one panel per task. */
export async function renderLayerFigure(records: ResultRecord[], stat: 'share' | 'density' | 'sparsity' | 'entropy', label: (method: string) => string, o: { title?: string } = {}): Promise<Buffer | null> {
  return bandPanels(records, (r) => (r.result.layerStats ?? []).flatMap((l) => (finite(l[stat]) ? [{ x: l.layer, y: l[stat] as number }] : [])), label, {
    x: 'layer',
    y: stat === 'share' ? 'share of the updated entries' : stat,
    title: o.title ?? `per layer after training: ${stat} (the allocation of ID3 Figure 7)`,
  });
}
