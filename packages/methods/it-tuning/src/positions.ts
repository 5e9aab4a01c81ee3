/**
 * Which vector edits which position (eq. 1): information token r gets V^2[r], the positions the shared
 * vector covers get V^1, the rest (padding, and targets under sharedPositions = 'source') stay unedited.
 * NLU: the information tokens are the first R positions. NLG: the positions marked TokenKind.inserted,
 * numbered in order within each row.
 */
import { TokenKind } from '@peftbench/core';

export interface EditPlan {
  /** [B·T·R] one-hot of the information-token index (all zero for other positions). */
  infoOneHot: Float32Array;
  /** [B·T] 1 where the shared vector applies. */
  shared: Float32Array;
}

export function editPlan(kinds: Int32Array, B: number, T: number, R: number, opts: { nlu: boolean; sharedPositions: 'all' | 'source' }): EditPlan {
  const infoOneHot = new Float32Array(B * T * R);
  const shared = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    let r = 0;
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      const kind = kinds[i];
      const isInfo = opts.nlu ? t < R : kind === TokenKind.inserted;
      if (isInfo) {
        if (r < R) infoOneHot[i * R + r] = 1;
        r++;
      } else if (kind === TokenKind.source || (kind === TokenKind.target && opts.sharedPositions === 'all')) {
        shared[i] = 1;
      }
    }
  }
  return { infoOneHot, shared };
}

const cache = new WeakMap<Int32Array, { key: string; plan: EditPlan }>();

/** editPlan, computed once per forward (all layers share the same kinds array). */
export function cachedEditPlan(kinds: Int32Array, B: number, T: number, R: number, opts: { nlu: boolean; sharedPositions: 'all' | 'source' }): EditPlan {
  const key = `${B}:${T}:${R}:${opts.nlu}:${opts.sharedPositions}`;
  const hit = cache.get(kinds);
  if (hit && hit.key === key) return hit.plan;
  const plan = editPlan(kinds, B, T, R, opts);
  cache.set(kinds, { key, plan });
  return plan;
}
