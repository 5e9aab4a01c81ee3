/** Number formatting shared by the table renderers. */
import type { Aggregate } from './aggregate.ts';

/** Trainable parameters the way the papers print them (0.02M, 125M), with small counts exact. */
export function formatParams(n: number): string {
  if (n < 10_000) return String(n);
  if (n < 1_000_000) return `${(n / 1e6).toFixed(n < 100_000 ? 3 : 2).replace(/0+$/, '').replace(/\.$/, '')}M`;
  return `${(n / 1e6).toFixed(n < 10_000_000 ? 2 : 1).replace(/\.0+$/, '')}M`;
}

export function formatAggregate(a: Aggregate | null, digits = 1): string {
  if (!a) return '—';
  const mark = a.incomplete ? '*' : '';
  return a.std === null ? `${a.mean.toFixed(digits)}${mark}` : `${a.mean.toFixed(digits)} ± ${a.std.toFixed(digits)}${mark}`;
}

export function formatNumber(v: number | null, digits = 1): string {
  return v === null ? '—' : v.toFixed(digits);
}

/** A signed difference: +1.2 / −3.4 (typographic minus). */
export function formatDiff(v: number | null, digits = 1): string {
  if (v === null) return '—';
  const s = Math.abs(v).toFixed(digits);
  return Number(s) === 0 ? `±${s}` : v > 0 ? `+${s}` : `−${s}`;
}
