/**
 * A bar chart of measured scores per task and method (mean, with ± std whiskers), drawn by chart.js on an
 * @napi-rs/canvas canvas (no DOM; the prebuilt binary needs no system libraries) and encoded as PNG.
 */
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type Plugin } from 'chart.js';
import type { GlueTable } from './table.ts';

Chart.register(...registerables);

const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];

/** chart.js has no error bars: draw a whisker from mean − std to mean + std over each bar. */
const whiskers = (stds: (number | null)[][]): Plugin<'bar'> => ({
  id: 'stdWhiskers',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const y = chart.scales.y;
    ctx.save();
    ctx.strokeStyle = '#222';
    ctx.lineWidth = 1.5;
    chart.data.datasets.forEach((ds, i) => {
      chart.getDatasetMeta(i).data.forEach((bar, j) => {
        const mean = ds.data[j] as number | null;
        const std = stds[i][j];
        if (mean === null || std === null || std === undefined) return;
        const x = bar.x;
        const top = y.getPixelForValue(mean + std);
        const bottom = y.getPixelForValue(mean - std);
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.moveTo(x - 4, top);
        ctx.lineTo(x + 4, top);
        ctx.moveTo(x - 4, bottom);
        ctx.lineTo(x + 4, bottom);
        ctx.stroke();
      });
    });
    ctx.restore();
  },
});

export async function renderChartPng(t: GlueTable, opts: { title?: string; width?: number; height?: number } = {}): Promise<Buffer> {
  const size = { width: opts.width ?? 1100, height: opts.height ?? 520 };
  const columns = t.columns.filter((c) => t.rows.some((r) => r.cells[c].measured));
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size.width, size.height);
  const rows = t.rows.filter((r) => columns.some((c) => r.cells[c].measured));
  const datasets = rows.map((r, i) => ({
    label: r.label,
    data: columns.map((c) => r.cells[c].measured?.mean ?? null),
    backgroundColor: COLORS[i % COLORS.length],
  }));
  const stds = rows.map((r) => columns.map((c) => r.cells[c].measured?.std ?? null));
  const chart = new Chart(ctx as unknown as CanvasRenderingContext2D, {
    type: 'bar',
    data: { labels: columns, datasets },
    options: {
      animation: false,
      responsive: false,
      plugins: {
        title: { display: true, text: opts.title ?? t.title, font: { size: 15 } },
        subtitle: { display: true, text: 'mean ± std over seeds (×100); whiskers = ±1 std' },
        legend: { position: 'bottom' },
      },
      scales: { y: { title: { display: true, text: 'score (×100)' } } },
    },
    plugins: [whiskers(stds)],
  });
  const png = await canvas.encode('png');
  chart.destroy();
  return png;
}
