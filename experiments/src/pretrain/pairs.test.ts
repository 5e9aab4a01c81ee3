import { describe, expect, test } from 'vitest';
import { Rng } from '@peftbench/util';
import { copyLabels, mixedPartner, overlapTargets } from './pairs.ts';

const A = 'the company said its quarterly profit rose sharply on strong demand';
const C = 'shares of a bank fell after one report came out tuesday'; // no word in common with A
const words = (s: string) => s.split(' ');

describe('mixedPartner', () => {
  test('is a pure function of the seed', () => {
    const run = (seed: number) => Array.from({ length: 20 }, (_, i) => mixedPartner(A, C, new Rng(seed * 100 + i)));
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  test('every word of B comes from A or C, and the partners span unrelated to near-copies', () => {
    const rng = new Rng(7);
    const fromA: number[] = [];
    let reordered = 0;
    for (let i = 0; i < 400; i++) {
      const b = words(mixedPartner(A, C, rng));
      for (const w of b) expect(words(A).includes(w) || words(C).includes(w)).toBe(true);
      const inA = words(A);
      fromA.push(b.filter((w) => inA.includes(w)).length / b.length);
      // A's words out of A's order: a copied token's position must not give it away
      const positions = b.filter((w) => inA.includes(w)).map((w) => words(A).indexOf(w));
      if (positions.some((p, k) => k > 0 && p < positions[k - 1])) reordered += 1;
    }
    expect(Math.min(...fromA)).toBe(0); // unrelated partners
    expect(Math.max(...fromA)).toBe(1); // light edits
    expect(fromA.filter((f) => f > 0.2 && f < 0.8).length).toBeGreaterThan(100); // graded mixes
    expect(reordered).toBeGreaterThan(80);
  });
});

describe('overlap targets', () => {
  const special = new Set([0, 2]); // <s>, </s>
  test('Jaccard of the token sets and the share of B copied from A, specials ignored', () => {
    // <s> 5 6 7 </s></s> 6 7 7 8 </s>: A = {5,6,7}, B = {6,7,8}, B tokens 6 7 7 8
    const ids = [0, 5, 6, 7, 2, 2, 6, 7, 7, 8, 2];
    expect(overlapTargets(ids, 2, special)).toEqual([2 / 4, 3 / 4]);
    expect(copyLabels(ids, 2, special)).toEqual([-1, 0, 1, 1, -1, -1, 1, 1, 1, 0, -1]);
  });
  test('a truncated pair is judged on what is left; a pair without B has no overlap', () => {
    expect(overlapTargets([0, 5, 6, 2, 2, 5], 2, special)).toEqual([1 / 2, 1]);
    expect(overlapTargets([0, 5, 6, 7], 2, special)).toEqual([0, 0]);
    expect(copyLabels([0, 5, 6, 7], 2, special)).toEqual([-1, -1, -1, -1]);
  });
});
