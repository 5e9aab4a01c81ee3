import type { E2eGroup, E2ePair, E2eSplit } from './types.ts';

/** Group flat (mr, ref) pairs by MR in first-appearance order, keeping every reference (dev: 547 MRs). */
export function groupByMr(pairs: readonly { mr: string; ref: string }[]): E2eGroup[] {
  const byMr = new Map<string, E2eGroup>();
  for (const p of pairs) {
    let g = byMr.get(p.mr);
    if (!g) {
      g = { mr: p.mr, refs: [], idx: byMr.size };
      byMr.set(p.mr, g);
    }
    if (p.ref !== '') g.refs.push(p.ref);
  }
  return [...byMr.values()];
}

export function splitFromPairs(pairs: { mr: string; ref: string }[]): E2eSplit {
  const flat: E2ePair[] = pairs.filter((p) => p.ref !== '').map((p, idx) => ({ mr: p.mr, ref: p.ref, idx }));
  return { pairs: flat, groups: groupByMr(pairs) };
}
