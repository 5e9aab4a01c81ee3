/**
 * Interleaved timing: every round runs each configuration once, in turn, so that load from other jobs on
 * the shared machine falls on all of them alike; the reported figure is the median per configuration.
 */

export interface Timed<K extends string> {
  name: K;
  run(): void;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(xs: number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * `warmup` untimed rounds (kernel compilation, allocator growth, Adam state creation), then `steps`
 * timed rounds. Returns every timed duration in ms, per configuration, in round order.
 */
export function interleaved<K extends string>(items: Timed<K>[], steps: number, warmup: number, onRound?: (round: number, ms: Record<K, number>) => void): Record<K, number[]> {
  const out = Object.fromEntries(items.map((i) => [i.name, [] as number[]])) as Record<K, number[]>;
  for (let round = -warmup; round < steps; round++) {
    const ms = {} as Record<K, number>;
    for (const item of items) {
      const t0 = performance.now();
      item.run();
      ms[item.name] = performance.now() - t0;
      if (round >= 0) out[item.name].push(ms[item.name]);
    }
    onRound?.(round, ms);
  }
  return out;
}
