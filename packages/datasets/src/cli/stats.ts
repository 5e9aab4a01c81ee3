/** Small text helpers for `data inspect` output. */

export function countBy<T>(items: readonly T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}

export function formatCounts(counts: Map<string, number>, total?: number): string {
  const n = total ?? [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts.entries()].map(([k, v]) => `${k} ${v} (${((100 * v) / Math.max(1, n)).toFixed(1)}%)`).join(', ');
}

export function summary(values: readonly number[]): string {
  if (values.length === 0) return 'none';
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `min ${Math.min(...values)}, mean ${mean.toFixed(2)}, max ${Math.max(...values)}`;
}

/** Show a decoded string on one line with visible newlines. */
export function oneLine(text: string, max = 300): string {
  const s = JSON.stringify(text);
  return s.length > max ? `${s.slice(0, max)}…"` : s;
}
