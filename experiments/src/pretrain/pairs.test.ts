import { describe, expect, test } from 'vitest';
import { Rng } from '@peftbench/util';
import { checkPairObjective, copyLabels, mixedPartner, overlapTargets } from './pairs.ts';

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

describe('checkPairObjective', () => {
  const pairs = [
    { ids: [0, 5, 6, 2, 2, 5, 7, 2], typeIds: [0, 0, 0, 0, 1, 1, 1, 1] },
    { ids: [0, 5, 2, 2, 8, 9, 2], typeIds: [0, 0, 0, 1, 1, 1, 1] },
    { ids: [0, 5, 6, 7, 2, 2, 7, 6, 5, 2], typeIds: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1] },
  ];
  // truth: overlap = [Jaccard, share copied]; copy = 1 where the token occurs in the other sentence, -1 for specials
  const truth = (ids: number[]) => {
    const cut = ids.indexOf(2);
    const a = ids.slice(1, cut), b = ids.slice(cut + 2, -1);
    const shared = new Set(a.filter((x) => b.includes(x)));
    const union = new Set([...a, ...b]);
    return { overlap: [shared.size / union.size, b.filter((x) => a.includes(x)).length / b.length] as [number, number], copy: ids.map((x) => (x < 3 ? -1 : shared.has(x) ? 1 : 0)) };
  };
  test('perfect readouts score r = 1 and accuracy 1; the batch it is given is padded with the pad id', () => {
    const seen: number[][] = [];
    const perfect = checkPairObjective(pairs, 1, (batch) => {
      seen.push(...batch.inputIds);
      return { overlap: batch.inputIds.map((row) => truth(row.filter((x) => x !== 1)).overlap), copy: batch.inputIds.map((row) => row.map((x, i) => (truth(row.filter((y) => y !== 1)).copy[i] === 1 ? 3 : -3))) };
    }, truth, 2);
    expect(perfect.freshPairs).toBe(3);
    expect(perfect.overlapR[0]).toBeCloseTo(1, 6);
    expect(perfect.overlapR[1]).toBeCloseTo(1, 6);
    expect(perfect.copyAccuracy).toBe(1);
    expect(perfect.copyMajority).toBeCloseTo(8 / 13, 6); // 8 of the 13 judged tokens (2 + 0 + 6) occur in the other sentence
    expect(seen[1]).toEqual([0, 5, 2, 2, 8, 9, 2, 1]); // padded to the longest row of its batch
  });
  test('a readout that says the opposite scores r = -1 and accuracy 0', () => {
    const wrong = checkPairObjective(pairs, 1, (batch) => ({ overlap: batch.inputIds.map((row) => truth(row.filter((x) => x !== 1)).overlap.map((v) => 1 - v)), copy: batch.inputIds.map((row) => row.map((x, i) => (truth(row.filter((y) => y !== 1)).copy[i] === 1 ? -3 : 3))) }), truth);
    expect(wrong.overlapR[0]).toBeCloseTo(-1, 6);
    expect(wrong.copyAccuracy).toBe(0);
  });
});
