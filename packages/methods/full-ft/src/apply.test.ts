import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadAdapter, parseMethodConfig, saveAdapter } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import { method } from './index.ts';
import { ENCODER_FIXTURES, allLogits, fixtureBatches, fixturesAvailable, initBackendForTests, loadFixture, maxAbsDiff, randomize } from '@peftbench/core/testing';

describe('config', () => {
  test('defaults and the FT-top2 option', () => {
    expect(parseMethodConfig(method, {})).toEqual({});
    expect(parseMethodConfig(method, { topLayers: 2 })).toEqual({ topLayers: 2 });
  });
  test('invalid values name the key', () => {
    expect(() => parseMethodConfig(method, { topLayers: 0 })).toThrow(InputError);
    expect(() => parseMethodConfig(method, { topLayers: 0 })).toThrow("method 'full-ft' config [topLayers]");
    expect(() => parseMethodConfig(method, { toplayers: 2 })).toThrow("method 'full-ft' config [(root)]");
  });
});

describe.skipIf(!fixturesAvailable)('apply on the parity fixtures', () => {
  beforeAll(initBackendForTests);

  for (const { name, task } of ENCODER_FIXTURES) {
    test(`${name}: every parameter trains; count from config.json = registry`, async () => {
      const model = await loadFixture(name, task);
      const frozenBefore = model.params.all()[0];
      frozenBefore.trainable = false;
      method.apply(model, {}, { kind: task });
      expect(model.params.all().every((p) => p.trainable)).toBe(true);
      expect(method.countTrainable(model.config, {}, { kind: task })).toBe(model.params.countTrainable());
      expect(model.params.countTrainable()).toBe(model.params.countAll());
      model.dispose();
    });
  }

  test('topLayers = 1: only the last layer and the head train; counts agree', async () => {
    const model = await loadFixture('roberta-2', 'token-classification');
    method.apply(model, { topLayers: 1 }, { kind: 'token-classification' });
    const trained = model.params.trainable().map((p) => p.name);
    expect(trained.length).toBeGreaterThan(2);
    for (const n of trained) expect(n.startsWith('roberta.encoder.layer.2.') || n.startsWith('classifier.')).toBe(true);
    expect(trained).toContain('roberta.encoder.layer.2.output.dense.weight');
    expect(trained).toContain('classifier.weight');
    expect(method.countTrainable(model.config, { topLayers: 1 }, { kind: 'token-classification' })).toBe(model.params.countTrainable());
    expect(() => method.apply(model, { topLayers: 4 }, { kind: 'token-classification' })).toThrow("method 'full-ft' config [topLayers]: 4 is more than the model's 3 layers");
    model.dispose();
  });

  test('adapter save → load into a fresh model reproduces the fine-tuned logits', async () => {
    const task = 'sequence-classification';
    const tuned = await loadFixture('bert-1', task);
    const applied = method.apply(tuned, { topLayers: 1 }, { kind: task });
    randomize(tuned, (n) => tuned.params.get(n).trainable, 11, 0.2);
    const batches = fixtureBatches('bert-1');
    const expected = allLogits(tuned, batches);
    const dir = mkdtempSync(join(tmpdir(), 'full-ft-'));
    saveAdapter(dir, applied);

    const fresh = await loadFixture('bert-1', task);
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBeGreaterThan(1e-3);
    loadAdapter(dir, method.apply(fresh, { topLayers: 1 }, { kind: task }));
    expect(maxAbsDiff(allLogits(fresh, batches), expected)).toBe(0);
    tuned.dispose();
    fresh.dispose();
  });
});
