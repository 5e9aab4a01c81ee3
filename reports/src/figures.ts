/**
 * Figures from result files only (chart.js on @napi-rs/canvas, PNG):
 *  - training curves: loss vs step (result.history) and the selection metric vs step (result.evals), one
 *    line per table row with a mean ± std band over seeds;
 *  - parameters vs score: one point per table row (trainable parameters, log scale, vs the row's average or
 *    first column), measured and paper points side by side — the plot PEFT papers argue efficiency with;
 *  - score vs budget (ID3 Figure 5): runs that differ by their config `budget` (or record `budgetScores`);
 *  - sparsity and its entropy per layer (ID3 Figures 8/9), when runs record `layerStats`.
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

/**
 * ID3 Figure 5: score vs budget per method. Points come from runs whose config has a numeric `budget`
 * (one point per budget: mean over seeds of the selection metric) and from `result.budgetScores`.
 */
export async function renderBudgetFigure(records: ResultRecord[], label: (method: string) => string, o: { title?: string } = {}): Promise<Buffer | null> {
  const series = new Map<string, Map<number, number[]>>();
  const add = (method: string, budget: number, value: number | null | undefined) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    const m = series.get(method) ?? new Map<number, number[]>();
    m.set(budget, [...(m.get(budget) ?? []), value * 100]);
    series.set(method, m);
  };
  for (const r of records) {
    if (r.result.status === 'failed') continue;
    const metric = r.result.best?.metric;
    for (const b of r.result.budgetScores ?? []) add(r.spec.method, b.budget, metric ? b.metrics[metric] : undefined);
    const budget = r.spec.methodConfig.budget;
    if (typeof budget === 'number' && !(r.result.budgetScores?.length)) add(r.spec.method, budget, r.result.best?.value);
  }
  const usable = [...series].filter(([, m]) => m.size >= 2);
  if (usable.length === 0) return null;
  return draw({
    type: 'line',
    data: {
      datasets: usable.map(([method, m], i) => ({
        label: label(method),
        data: [...m].sort((a, b) => a[0] - b[0]).map(([x, ys]) => ({ x, y: meanStd(ys).mean })),
        borderColor: COLORS[i % COLORS.length],
        backgroundColor: COLORS[i % COLORS.length],
      })),
    },
    options: {
      plugins: { title: { display: true, text: o.title ?? 'ID3 Figure 5 layout: score vs budget', font: { size: 14 } }, legend: { position: 'bottom' } },
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'budget (trainable scalars, log)' } }, y: { title: { display: true, text: 'selection metric ×100 (mean over seeds)' } } },
    },
  } as ChartConfiguration);
}

/** ID3 Figures 8/9: a per-layer statistic (`sparsity` or `entropy`) after training, one line per method. */
export async function renderLayerFigure(records: ResultRecord[], stat: 'sparsity' | 'entropy', label: (method: string) => string, o: { title?: string } = {}): Promise<Buffer | null> {
  const byMethod = new Map<string, { x: number; y: number }[][]>();
  for (const r of records) {
    const pts = (r.result.layerStats ?? []).flatMap((l) => (typeof l[stat] === 'number' ? [{ x: l.layer, y: l[stat] as number }] : []));
    if (pts.length > 0) byMethod.set(r.spec.method, [...(byMethod.get(r.spec.method) ?? []), pts]);
  }
  if (byMethod.size === 0) return null;
  return renderBandChart([...byMethod].map(([m, curves]) => ({ label: label(m), curves })), {
    title: o.title ?? `ID3 Figure ${stat === 'sparsity' ? 8 : 9} layout: ${stat} per layer after training`,
    xLabel: 'layer',
    yLabel: stat,
  });
}
