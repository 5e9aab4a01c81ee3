import { describe, expect, it } from 'vitest';
import type { Parameter } from '@peftbench/core';
import { SelectionState } from './selection.ts';
import { countStats, layerOf, layerStats, selectionStats } from './stats.ts';

/** Parameters as SelectionState sees them (name and size only). */
const fake = (name: string, size: number) => ({ name, variable: { size, shape: [size] } }) as unknown as Parameter;

describe('tensor sparsity and sparsity entropy (ID3 Figures 8 / 9), by hand', () => {
  it('counts [2, 0, 2]: one of three tensors empty, p = (1/2, 1/2), H = ln 2, normalised ln 2 / ln 3', () => {
    const s = countStats([2, 0, 2]);
    expect(s.budgetUsed).toBe(4);
    expect(s.tensors).toBe(3);
    expect(s.tensorSparsity).toBeCloseTo(1 / 3, 12);
    expect(s.entropy).toBeCloseTo(Math.LN2, 12);
    expect(s.entropyNormalized).toBeCloseTo(0.6309297535714575, 12);
  });

  it('nothing chosen: every tensor sparse, entropy 0; everything in one tensor: entropy 0', () => {
    expect(countStats([0, 0])).toEqual({ budgetUsed: 0, tensors: 2, tensorSparsity: 1, entropy: 0, entropyNormalized: 0 });
    expect(countStats([0, 7, 0]).entropy).toBe(0);
    expect(countStats([5, 5, 5, 5]).entropyNormalized).toBeCloseTo(1, 12);
  });

  const state = () => {
    const s = new SelectionState([
      fake('encoder.layer.0.a.weight', 10),
      fake('encoder.layer.0.b.weight', 10),
      fake('encoder.layer.1.a.weight', 5),
      fake('encoder.layer.1.b.weight', 5),
      fake('embeddings.word.weight', 20),
    ]);
    s.choose('encoder.layer.0.a.weight', [0, 4, 9]);
    s.choose('encoder.layer.0.b.weight', [2]);
    s.choose('embeddings.word.weight', [1, 2, 3, 19]);
    return s;
  };

  it('a selection state: counts (3, 1, 0, 0, 4) over five tensors', () => {
    const s = selectionStats(state());
    expect(s.budgetUsed).toBe(8);
    expect(s.tensorSparsity).toBeCloseTo(2 / 5, 12);
    // −(3/8 ln 3/8 + 1/8 ln 1/8 + 1/2 ln 1/2)
    expect(s.entropy).toBeCloseTo(0.9743147, 6);
    expect(s.entropyNormalized).toBeCloseTo(0.9743147 / Math.log(5), 6);
  });

  it('per layer: layer 0 holds (3, 1) of 20 scalars, layer 1 nothing; embeddings are not a layer', () => {
    const l = layerStats(state());
    expect(l.map((x) => x.layer)).toEqual([0, 1]);
    expect(l[0]).toMatchObject({ tensors: 2, chosen: 4, size: 20, sparsity: 0, density: 0.2, share: 0.5 });
    // −(3/4 ln 3/4 + 1/4 ln 1/4) / ln 2
    expect(l[0].entropy).toBeCloseTo(0.8112781, 6);
    expect(l[1]).toEqual({ layer: 1, tensors: 2, chosen: 0, size: 10, sparsity: 1, entropy: 0, density: 0, share: 0 });
  });

  it('layer index from the usual names', () => {
    expect(layerOf('roberta.encoder.layer.11.attention.self.query.weight')).toBe(11);
    expect(layerOf('transformer.h.3.attn.c_attn.weight')).toBe(3);
    expect(layerOf('model.layers.12.self_attn.q_proj.weight')).toBe(12);
    expect(layerOf('roberta.embeddings.word_embeddings.weight')).toBeUndefined();
    expect(layerOf('classifier.dense.weight')).toBeUndefined();
  });
});
