/** IT-Tuning Figure 6 drawn from a built it-tuning-figure6 table (kept apart from the layout so layouts load no canvas). */
import { FIGURE6_ROWS, IT_TUNING_FIGURE6 } from './it-tuning-figure6.ts';
import { renderChartPng } from './render-chart.ts';
import type { GlueTable } from './table.ts';

/** The figure itself: one bar per combination and task (mean over seeds, ±1 std whiskers), from the table's measured cells. */
export async function renderFigure6(t: GlueTable): Promise<Buffer | null> {
  if (t.layout.id !== IT_TUNING_FIGURE6) return null;
  const rows = t.rows.filter((r) => FIGURE6_ROWS.some((f) => f.label === r.label) && Object.values(r.cells).some((c) => c.measured));
  if (rows.length === 0) return null;
  return renderChartPng({ ...t, rows }, { title: `IT-Tuning Figure 6 layout: shift / scale combinations — ${t.demo ? 'demo data, ' : ''}measured (the paper prints no numbers)` });
}
