/**
 * CSV rendering (csv-stringify): one row per method and kind — measured mean, measured std, seeds used / available, paper,
 * difference — with plain numbers (full precision) so the file can be read back by any tool.
 */
import { stringify } from 'csv-stringify/sync';
import type { GlueTable } from './glue-table.ts';

export function renderCsv(t: GlueTable): string {
  const header = ['method', 'kind', 'trainable_params', ...t.columns, 'Avg.'];
  const rows: (string | number | null)[][] = [];
  // 1e-6 is far below any printed digit and hides binary noise (87.50000000000001)
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : Math.round(v * 1e6) / 1e6);
  for (const row of t.rows) {
    const cols = t.columns.map((c) => row.cells[c]);
    rows.push([row.method, 'measured_mean', row.params.join(' '), ...cols.map((c) => num(c.measured?.mean)), num(row.avg.measured?.mean)]);
    rows.push([row.method, 'measured_std', '', ...cols.map((c) => num(c.measured?.std)), '']);
    rows.push([row.method, 'seeds_used', '', ...cols.map((c) => (c.measured ? `${c.measured.used}/${c.measured.of}` : '')), '']);
    rows.push([row.method, 'paper', row.paperRow?.trainable_params_count ?? '', ...cols.map((c) => num(c.paper)), num(row.avg.paper)]);
    rows.push([row.method, 'difference', '', ...cols.map((c) => num(c.diff)), num(row.avg.diff)]);
  }
  return stringify([header, ...rows]);
}
