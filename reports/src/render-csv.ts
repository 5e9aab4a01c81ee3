/**
 * CSV rendering (csv-stringify): one row per table row and kind — measured mean, measured std, seeds used /
 * available, paper, difference — with plain numbers (full precision) so the file can be read back by any tool.
 */
import { stringify } from 'csv-stringify/sync';
import type { GlueTable } from './table.ts';

export function renderCsv(t: GlueTable): string {
  const header = ['method', 'kind', 'trainable_params', ...t.columns, ...(t.average ? ['Avg.'] : []), 'status'];
  const rows: (string | number | null)[][] = [];
  // 1e-6 is far below any printed digit and hides binary noise (87.50000000000001)
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : Math.round(v * 1e6) / 1e6);
  const avg = (v: string | number) => (t.average ? [v] : []);
  for (const row of t.rows) {
    const cols = t.columns.map((c) => row.cells[c]);
    rows.push([row.label, 'measured_mean', row.params.join(' '), ...cols.map((c) => num(c.measured?.mean)), ...avg(num(row.avg.measured?.mean)), row.status ?? '']);
    rows.push([row.label, 'measured_std', '', ...cols.map((c) => num(c.measured?.std)), ...avg(''), '']);
    rows.push([row.label, 'seeds_used', '', ...cols.map((c) => (c.measured ? `${c.measured.used}/${c.measured.of}` : '')), ...avg(''), '']);
    rows.push([row.label, 'paper', row.paperRow?.trainable_params_count ?? '', ...cols.map((c) => num(c.paper)), ...avg(num(row.avg.paper)), '']);
    rows.push([row.label, 'difference', '', ...cols.map((c) => num(c.diff)), ...avg(num(row.avg.diff)), '']);
  }
  return stringify([header, ...rows]);
}
