import { describe, expect, test } from 'vitest';
import { Rng } from './random.ts';

describe('Rng', () => {
  test('same seed, same stream; different seed, different stream', () => {
    const a = new Rng(7), b = new Rng(7), c = new Rng(8);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });
  test('shuffle is a permutation', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const s = new Rng(1).shuffle(xs);
    expect(s).not.toEqual(xs);
    expect([...s].sort((p, q) => p - q)).toEqual(xs);
  });
  test('uniform mean near 0.5', () => {
    const r = new Rng(3);
    let s = 0;
    for (let i = 0; i < 10000; i++) s += r.next();
    expect(Math.abs(s / 10000 - 0.5)).toBeLessThan(0.02);
  });
});
