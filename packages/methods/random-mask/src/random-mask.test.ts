import { beforeAll, describe, expect, it } from 'vitest';
import { tinyClassifier } from '@peftbench/selective/testing';
import { initBackendForTests } from '@peftbench/core/testing';
import { randomMaskConfigSchema } from './config.ts';
import { applyRandomMask, randomScores } from './apply.ts';

beforeAll(() => initBackendForTests());
const task = { kind: 'sequence-classification' as const, numLabels: 2 };

describe('random mask', () => {
  it('chooses the B entries with the highest seeded uniform scores, over all targets', () => {
    const include = '^roberta\\.encoder\\.layer\\.0\\.(output\\.dense\\.bias|attention\\.output\\.LayerNorm\\.weight)$';
    const applied = applyRandomMask(tinyClassifier(), randomMaskConfigSchema.parse({ budget: 6, include, seed: 42 }), task);
    const raw = randomScores(applied.targets.map((p) => ({ name: p.name, shape: p.variable.shape })), 42);
    const expected = applied.targets
      .flatMap((p) => [...raw.get(p.name)!].map((s, i) => ({ key: `${p.name}:${i}`, s })))
      .sort((x, y) => y.s - x.s)
      .slice(0, 6)
      .map((e) => e.key)
      .sort();
    const got = applied.targets.flatMap((p) => [...applied.state.chosenIndices(p.name)].map((i) => `${p.name}:${i}`)).sort();
    expect(got).toEqual(expected);
  });

  it('depends only on the seed', () => {
    const chosen = (seed: number) => {
      const a = applyRandomMask(tinyClassifier(3), randomMaskConfigSchema.parse({ budget: 25, seed }), task);
      return a.targets.flatMap((p) => [...a.state.chosenIndices(p.name)].map((i) => `${p.name}:${i}`));
    };
    expect(chosen(1)).toEqual(chosen(1));
    expect(chosen(1)).not.toEqual(chosen(2));
    expect(chosen(1)).toHaveLength(25);
  });
});
