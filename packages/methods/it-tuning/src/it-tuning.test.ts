import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { TokenKind, loadAdapter, saveAdapter, train } from '@peftbench/core';
import { snapshotParams, tinyClassifier, toyBatches } from '@peftbench/selective/testing';
import { initBackendForTests } from '@peftbench/core/testing';
import { itTuningConfigSchema } from './config.ts';
import { applyItTuning, vectorNames } from './apply.ts';
import { editPlan } from './positions.ts';
import { scaleEdit, shiftEdit } from './edits.ts';

beforeAll(() => initBackendForTests());
const task = { kind: 'sequence-classification' as const, numLabels: 2 };
const S = TokenKind.source, I = TokenKind.inserted, G = TokenKind.target, P = TokenKind.pad;

describe('edits (eq. 1)', () => {
  const kinds = Int32Array.from([S, S, I, I, G, G, P]);
  it("sharedPositions 'source' leaves target positions bit-identical; 'all' edits them; info tokens get their own vector", () => {
    const x = tf.randomNormal([1, 7, 4], 0, 1, 'float32', 3);
    const shared = tf.tensor1d([2, 3, 4, 5]);
    const info = tf.tensor2d([[10, 10, 10, 10], [-1, -1, -1, -1]]);
    const xs = x.arraySync() as number[][][];
    for (const mode of ['source', 'all'] as const) {
      const plan = editPlan(kinds, 1, 7, 2, { nlu: false, sharedPositions: mode });
      const scaled = scaleEdit(x, plan, 2, shared, info).arraySync() as number[][][];
      const shifted = shiftEdit(x, plan, 2, shared, info).arraySync() as number[][][];
      expect(scaled[0][0]).toEqual(xs[0][0].map((v, d) => Math.fround(v * [2, 3, 4, 5][d])));
      expect(scaled[0][2]).toEqual(xs[0][2].map((v) => Math.fround(v * 10)));
      expect(shifted[0][3]).toEqual(xs[0][3].map((v) => Math.fround(v - 1)));
      expect(scaled[0][6]).toEqual(xs[0][6]); // padding never edited
      if (mode === 'source') {
        expect(scaled[0][4]).toEqual(xs[0][4]);
        expect(shifted[0][5]).toEqual(xs[0][5]);
      } else {
        expect(scaled[0][4]).toEqual(xs[0][4].map((v, d) => Math.fround(v * [2, 3, 4, 5][d])));
      }
    }
  });
  it('NLU: the first R positions are the information tokens, nothing inserted', () => {
    const plan = editPlan(Int32Array.from([S, S, S, P]), 1, 4, 1, { nlu: true, sharedPositions: 'all' });
    expect([...plan.infoOneHot]).toEqual([1, 0, 0, 0]);
    expect([...plan.shared]).toEqual([0, 1, 1, 0]);
  });
});

describe('IT-Tuning NLU on a tiny RoBERTa', () => {
  it('trains 3·(R+1)·d·L vectors plus the new head; base frozen; save/load gives identical outputs', async () => {
    const model = tinyClassifier();
    const applied = applyItTuning(model, itTuningConfigSchema.parse({}), task);
    const head = model.params.all().filter((p) => p.owner === 'head').reduce((s, p) => s + p.variable.size, 0);
    expect(model.params.countTrainable()).toBe(3 * 2 * 16 * 2 + head);
    const base = snapshotParams(model);
    await train({ model, applied, trainBatches: () => toyBatches(3, 4), stepsPerEpoch: 3, epochs: 1, learningRate: 0.05, seed: 1 });
    for (const p of model.params.all().filter((q) => q.owner === 'base')) expect(p.variable.dataSync()).toEqual(base.get(p.name));
    const dir = mkdtempSync(join(tmpdir(), 'itt-'));
    saveAdapter(dir, applied);
    const input = toyBatches(1, 2, 5)[0];
    const want = [...model.forward(input).logits!.dataSync()];
    const fresh = tinyClassifier();
    const again = applyItTuning(fresh, itTuningConfigSchema.parse({}), task);
    expect([...fresh.forward(input).logits!.dataSync()]).not.toEqual(want);
    loadAdapter(dir, again);
    expect([...fresh.forward(input).logits!.dataSync()]).toEqual(want);
  });

  it('α multiplies only the scaling vectors\' step (eq. 2)', async () => {
    const step = async (alpha: number) => {
      const model = tinyClassifier();
      const applied = applyItTuning(model, itTuningConfigSchema.parse({ alpha }), task);
      const before = snapshotParams(model);
      await train({ model, applied, trainBatches: () => toyBatches(1, 4), stepsPerEpoch: 1, epochs: 1, learningRate: 1e-3, seed: 1 });
      const after = snapshotParams(model);
      const delta = (name: string) => Array.from(after.get(name)!, (v, i) => v - before.get(name)![i]);
      return { delta, names: vectorNames(0, 'query') }; // layer 0: in the last layer only the first token's row reaches the head
    };
    const one = await step(1);
    const three = await step(3);
    const n = one.names;
    // (the shared query vector's gradient is tiny in this toy model, so its first Adam step is too: checked loosely)
    for (const scaled of [n.q.info, n.ff.shared, n.ff.info, n.q.shared]) {
      const d1 = one.delta(scaled);
      const d3 = three.delta(scaled);
      if (scaled !== n.q.shared) expect(d1.some((v) => Math.abs(v) > 1e-4)).toBe(true);
      d1.forEach((v, i) => expect(d3[i]).toBeCloseTo(3 * v, 5));
    }
    for (const shift of [n.a.shared, n.a.info]) {
      const d1 = one.delta(shift);
      expect(d1.some((v) => Math.abs(v) > 1e-5)).toBe(true);
      expect(three.delta(shift)).toEqual(d1);
    }
  });

  it("'key' updates the key projection instead of the query (Table 3)", () => {
    const model = tinyClassifier();
    applyItTuning(model, itTuningConfigSchema.parse({ attentionVector: 'key' }), task);
    expect(model.params.has('it_tuning.layer.0.key.shared')).toBe(true);
    expect(model.params.has('it_tuning.layer.0.query.shared')).toBe(false);
    const input = toyBatches(1, 1, 2)[0];
    const base = [...model.forward(input).logits!.dataSync()];
    model.params.get('it_tuning.layer.0.key.info').variable.assign(tf.fill([1, 16], 3));
    expect([...model.forward(input).logits!.dataSync()]).not.toEqual(base);
  });
});
