import { beforeAll, describe, expect, it } from 'vitest';
import { train } from '@peftbench/core';
import { snapshotParams, tinyClassifier, toyBatches } from '@peftbench/selective/testing';
import { initBackendForTests } from '@peftbench/core/testing';
import { repeatD3ConfigSchema } from './config.ts';
import { applyRepeatD3 } from './apply.ts';

beforeAll(() => initBackendForTests());
const task = { kind: 'sequence-classification' as const, numLabels: 2 };

describe('repeat-D3', () => {
  it('re-selects exactly B entries every step; the union of updated entries exceeds B; only the union changes', async () => {
    const model = tinyClassifier();
    const applied = applyRepeatD3(model, repeatD3ConfigSchema.parse({ budget: 20 }), task);
    const sizes: number[] = [];
    const inner = applied.beforeUpdate!.bind(applied);
    applied.beforeUpdate = (ctx) => {
      inner(ctx);
      sizes.push(applied.state.size);
    };
    const before = snapshotParams(model);
    await train({ model, applied, trainBatches: () => toyBatches(6, 4), stepsPerEpoch: 6, epochs: 1, learningRate: 0.05, weightDecay: 0.1, seed: 1 });
    expect(sizes).toEqual([20, 20, 20, 20, 20, 20]);
    expect(applied.everChosen.size).toBeGreaterThan(20);
    for (const p of applied.targets) {
      const x = before.get(p.name)!;
      const y = p.variable.dataSync();
      for (let i = 0; i < x.length; i++) if (!applied.everChosen.isChosen(p.name, i)) expect(y[i]).toBe(x[i]);
    }
    // what is saved is the union (what changed), not the last step's B
    const saved = [...applied.adapterTensors()].filter(([k]) => k.endsWith('.selected_values')).reduce((s, [, t]) => s + t.size, 0);
    expect(saved).toBe(applied.everChosen.size);
  });
});
