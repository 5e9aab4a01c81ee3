/**
 * Markdown rendering: one block of three rows per method — measured (mean ± std), the paper's number, and
 * the difference — in the paper's column order, with # trainable params and Avg. like RED / IT-Tuning Table 1.
 */
import type { GlueTable, TableRow } from './glue-table.ts';
import { formatAggregate, formatDiff, formatNumber, formatParams } from './format.ts';

const escape = (s: string) => s.replace(/\|/g, '\\|');

/** Counts differ by task (head size: 2 or 3 classes, regression); show the range when they print differently. */
function measuredParams(row: TableRow): string {
  if (row.params.length === 0) return '—';
  const lo = formatParams(row.params[0]);
  const hi = formatParams(row.params[row.params.length - 1]);
  return lo === hi ? lo : `${lo}–${hi}`;
}

export function renderMarkdown(t: GlueTable): string {
  const lines: string[] = [`# ${t.title}`, ''];
  for (const [k, v] of t.header) lines.push(`- **${k}:** ${escape(v)}`);
  lines.push('');
  const head = ['Method', '', '# Params', ...t.columns, 'Avg.'];
  lines.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const row of t.rows) {
    const cols = t.columns.map((c) => row.cells[c]);
    const avgLabel = row.avg.measured && row.avg.over < row.avg.of ? ` (${row.avg.over}/${row.avg.of})` : '';
    lines.push(`| **${row.method}** | measured | ${measuredParams(row)} | ${cols.map((c) => formatAggregate(c.measured)).join(' | ')} | ${formatNumber(row.avg.measured?.mean ?? null)}${avgLabel} |`);
    if (row.paperRow) {
      lines.push(`| | paper (${escape(row.paperLabel ?? '')}, ${escape(row.paperRow.model)}) | ${row.paperRow.trainable_params ?? '—'} | ${cols.map((c) => formatNumber(c.paper)).join(' | ')} | ${formatNumber(row.avg.paper)} |`);
      lines.push(`| | Δ | | ${cols.map((c) => formatDiff(c.diff)).join(' | ')} | ${formatDiff(row.avg.diff)} |`);
    } else {
      lines.push(`| | paper | — | ${cols.map(() => '—').join(' | ')} | — |`);
    }
  }
  if (t.notes.length) {
    lines.push('', '**Notes**', '');
    for (const n of t.notes) lines.push(`- ${escape(n)}`);
  }
  lines.push('', '_Regenerated from result files by `npx nx run reports:build`; do not edit by hand._', '');
  return lines.join('\n');
}
