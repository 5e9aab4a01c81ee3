import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { TokenKind, loadModel, type ModelInput, type PreTrainedModel } from '@peftbench/core';
import { hasShared, sharedDir } from '@peftbench/util';
import { join } from 'node:path';
import { initBackendForTests } from '@peftbench/core/testing';
import { figure3Visibility, infoBias, infoPositions } from './attention-rule.ts';
import { itTuningConfigSchema } from './config.ts';
import { applyItTuning } from './apply.ts';

beforeAll(() => initBackendForTests());
const S = TokenKind.source, I = TokenKind.inserted, G = TokenKind.target;

// Figure 3 of the paper, verbatim: 4 input tokens, 3 information tokens (rank 3), 2 output tokens.
const FIGURE_3 = `
True Mask Mask Mask True True True Mask Mask
True True Mask Mask True True True Mask Mask
True True True Mask True True True Mask Mask
True True True True True True True Mask Mask
True True True True True Mask Mask Mask Mask
True True True True Mask True Mask Mask Mask
True True True True Mask Mask True Mask Mask
True True True True True True True True Mask
True True True True True True True True True`;
const figure3 = FIGURE_3.trim().split('\n').map((l) => l.trim().split(' ').map((c) => c === 'True'));
const kinds = [S, S, S, S, I, I, I, G, G];

describe('Figure 3 attention rule', () => {
  it('equals the paper\'s grid', () => {
    expect(figure3Visibility(kinds)).toEqual(figure3);
  });

  it('is what the model sees through causal mask + prefix copies + bias', () => {
    const T = kinds.length;
    const k32 = Int32Array.from(kinds);
    const pos = infoPositions(k32, 1, T);
    expect(pos).toEqual([[4, 5, 6]]);
    const bias = infoBias(k32, pos, 1, T).dataSync();
    const R = 3;
    const seen = kinds.map((_, t) => {
      const row = new Array<boolean>(T).fill(false);
      for (let r = 0; r < R; r++) if (bias[t * (R + T) + r] === 0) row[pos[0][r]] = true; // prefix copy of info token r (never causally masked)
      for (let j = 0; j <= t; j++) if (bias[t * (R + T) + R + j] === 0) row[j] = true; // in-sequence key, causal
      return row;
    });
    expect(seen).toEqual(figure3);
  });
});

describe.skipIf(!hasShared('fixtures/hf-parity/gpt2-1'))('IT-Tuning NLG on the gpt2-1 parity fixture', () => {
  const dir = join(sharedDir, 'fixtures/hf-parity/gpt2-1');
  const load = async (cfg: Record<string, unknown> = {}) => {
    const { model } = await loadModel(dir, { task: 'causal-lm' });
    applyItTuning(model, itTuningConfigSchema.parse({ rank: 3, infoTokenIds: [10, 11, 12], alpha: 2, ...cfg }), { kind: 'causal-lm' });
    // non-trivial vectors so that every edit matters
    let seed = 1;
    for (const p of model.params.all().filter((q) => q.owner === 'it-tuning')) p.variable.assign(tf.add(p.variable, tf.randomNormal(p.variable.shape, 0, 0.3, 'float32', seed++)));
    return model;
  };
  const batch = (src: number[], tgt: number[]): ModelInput => ({
    inputIds: [[...src, ...tgt]],
    attentionMask: [[...src, ...tgt].map(() => 1)],
    tokenKinds: [[...src.map(() => S), ...tgt.map(() => G)]],
    labels: [[...src.map(() => -100), ...tgt]],
  });
  const layerRows = (model: PreTrainedModel, input: ModelInput, layer: number) => {
    const out = model.forward(input, { outputHiddenStates: true });
    return out.hiddenStates![layer].arraySync() as number[][][];
  };

  it('inserts R information tokens between source and target, with ignored labels', async () => {
    const model = await load();
    const out = model.forward(batch([5, 6, 7, 8], [20, 21]));
    expect(out.input.inputIds).toEqual([[5, 6, 7, 8, 10, 11, 12, 20, 21]]);
    expect(out.input.tokenKinds).toEqual([kinds]);
    expect(out.input.labels).toEqual([[-100, -100, -100, -100, -100, -100, -100, 20, 21]]);
  });

  it('source rows see the later information tokens, which see the whole source but not each other', async () => {
    const model = await load();
    const a = batch([5, 6, 7, 8], [20, 21]);
    const b = batch([5, 6, 7, 9], [20, 21]); // last source token differs
    // after block 0 (hidden state 1): source row 0 sees only itself and the info tokens' inputs -> unchanged;
    const [h1a, h1b] = [layerRows(model, a, 1)[0], layerRows(model, b, 1)[0]];
    expect(h1a[0]).toEqual(h1b[0]);
    // after block 1: row 0 has read info tokens that read source token 3 -> changed (a plain causal model never would)
    const [h2a, h2b] = [layerRows(model, a, 2)[0], layerRows(model, b, 2)[0]];
    expect(h2a[0]).not.toEqual(h2b[0]);
    // a different first information token changes source row 0 but not information row 2 (diagonal only) after block 0
    const other = await load({ infoTokenIds: [30, 11, 12] });
    const h1c = layerRows(other, a, 1)[0];
    expect(h1c[0]).not.toEqual(h1a[0]);
    expect(h1c[6]).toEqual(h1a[6]);
    expect(h1c[5]).toEqual(h1a[5]);
    // a different target token changes nothing before it
    const h2t = layerRows(model, batch([5, 6, 7, 8], [20, 22]), 2)[0];
    for (let t = 0; t < 8; t++) expect(h2t[t]).toEqual(h2a[t]);
  });

  for (const sharedPositions of ['all', 'source'] as const) {
    it(`cached decoding gives the training-time logits (sharedPositions '${sharedPositions}')`, async () => {
      const model = await load({ sharedPositions });
      const full = model.forward(batch([5, 6, 7, 8], [20, 21, 22])).logits!.arraySync() as number[][][];
      const dec = model as unknown as { newCache(b: number): unknown; forward(i: ModelInput, o: object): { logits?: tf.Tensor } };
      const cache = dec.newCache(1);
      const prompt = dec.forward({ inputIds: [[5, 6, 7, 8]], attentionMask: [[1, 1, 1, 1]] }, { cache }).logits!.arraySync() as number[][][];
      expect(prompt[0].length).toBe(7); // source + 3 information tokens
      expect(prompt[0][6].map((x) => Math.fround(x))).toEqual(full[0][6].map((x) => Math.fround(x)));
      for (const [i, id] of [20, 21].entries()) {
        const step = dec.forward({ inputIds: [[id]], attentionMask: [[1]], tokenKinds: [[G]] }, { cache }).logits!.arraySync() as number[][][];
        const want = full[0][7 + i];
        step[0][0].forEach((x, j) => expect(x).toBeCloseTo(want[j], 4));
      }
    });
  }
});
