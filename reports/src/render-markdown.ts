/**
 * Markdown rendering: one block of three rows per table row — measured (mean ± std, or why there is no
 * measurement), the paper's number, and the difference — in the paper's column order, with # trainable
 * params and Avg. like the papers' tables.
 */
import type { GlueTable, TableRow } from './table.ts';
import { formatAggregate, formatDiff, formatNumber, formatParams } from './format.ts';

const escape = (s: string) => s.replace(/\|/g, '\\|');

/** Counts differ by task (head size: 2 or 3 classes, regression); show the range when they print differently. */
export function measuredParams(row: TableRow): string {
  if (row.params.length === 0) return '—';
  const lo = formatParams(row.params[0]);
  const hi = formatParams(row.params[row.params.length - 1]);
  return lo === hi ? lo : `${lo}–${hi}`;
}

export function renderMarkdown(t: GlueTable): string {
  const lines: string[] = [`# ${t.title}`, ''];
  for (const [k, v] of t.header) lines.push(`- **${k}:** ${escape(v)}`);
  lines.push('');
  const digits = Object.fromEntries(t.layout.columns.map((c) => [c.column, c.digits ?? 1]));
  const head = ['Method', '', '# Params', ...t.columns, ...(t.average ? ['Avg.'] : [])];
  lines.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const row of t.rows) {
    const cols = t.columns.map((c) => ({ c: row.cells[c], d: digits[c] }));
    const avgLabel = row.avg.measured && row.avg.over < row.avg.of ? ` (${row.avg.over}/${row.avg.of})` : '';
    const avg = (s: string) => (t.average ? [s] : []);
    const first = row.status && !cols.some(({ c }) => c.measured) ? escape(row.status) : 'measured';
    lines.push(`| **${escape(row.label)}** | ${[first, measuredParams(row), ...cols.map(({ c, d }) => formatAggregate(c.measured, d)), ...avg(`${formatNumber(row.avg.measured?.mean ?? null)}${avgLabel}`)].join(' | ')} |`);
    if (row.paperRow) {
      const p = row.paperRow;
      lines.push(`| | ${[`paper (${escape(p.label_as_printed ?? row.paperLabel ?? p.method)}, ${escape(p.model)})`, p.trainable_params ?? '—', ...cols.map(({ c, d }) => formatNumber(c.paper, d)), ...avg(formatNumber(row.avg.paper))].join(' | ')} |`);
      lines.push(`| | Δ | | ${[...cols.map(({ c, d }) => formatDiff(c.diff, d)), ...avg(formatDiff(row.avg.diff))].join(' | ')} |`);
    } else {
      lines.push(`| | ${['paper', '—', ...cols.map(() => '—'), ...avg('—')].join(' | ')} |`);
    }
  }
  if (t.notes.length) {
    lines.push('', '**Notes**', '');
    for (const n of t.notes) lines.push(`- ${escape(n)}`);
  }
  lines.push('', '_Regenerated from result files by `npx nx run reports:build`; do not edit by hand._', '');
  return lines.join('\n');
}
