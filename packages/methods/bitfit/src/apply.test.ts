import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadAdapter, parseMethodConfig, readAdapterConfig, saveAdapter } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import { method } from './index.ts';
import { ENCODER_FIXTURES, allLogits, fixtureBatches, fixturesAvailable, initBackendForTests, loadFixture, maxAbsDiff, randomize } from '@peftbench/core/testing';

describe('config', () => {
  test("default variant is the paper's (bias terms)", () => {
    expect(parseMethodConfig(method, {})).toEqual({ variant: 'bias' });
  });
  test('invalid variant names the key', () => {
    expect(() => parseMethodConfig(method, { variant: 'biases' })).toThrow(InputError);
    expect(() => parseMethodConfig(method, { variant: 'biases' })).toThrow("method 'bitfit' config [variant]");
  });
});

describe.skipIf(!fixturesAvailable)('apply on the parity fixtures', () => {
  beforeAll(initBackendForTests);

  for (const { name, task } of ENCODER_FIXTURES) {
    for (const variant of ['bias', 'all-1d'] as const) {
      test(`${name} ${variant}: trained set, and count from config.json = registry`, async () => {
        const model = await loadFixture(name, task);
        method.apply(model, { variant }, { kind: task });
        for (const p of model.params.all()) {
          const backbone1d = p.owner === 'base' && (variant === 'bias' ? p.name.endsWith('.bias') : p.variable.shape.length === 1);
          expect(p.trainable, p.name).toBe(p.owner === 'head' || backbone1d);
        }
        const lnGain = model.params.get(`${model.config.model_type}.encoder.layer.0.output.LayerNorm.weight`);
        expect(lnGain.trainable).toBe(variant === 'all-1d');
        expect(model.params.get(`${model.config.model_type}.encoder.layer.0.output.LayerNorm.bias`).trainable).toBe(true);
        expect(method.countTrainable(model.config, { variant }, { kind: task })).toBe(model.params.countTrainable());
        model.dispose();
      });
    }
  }

  test('a fresh apply changes nothing; bias-only edits change logits; save → load reproduces them', async () => {
    const task = 'sequence-classification';
    const batches = fixtureBatches('roberta-1');
    const model = await loadFixture('roberta-1', task);
    const base = allLogits(model, batches);
    const applied = method.apply(model, { variant: 'bias' }, { kind: task });
    expect(maxAbsDiff(allLogits(model, batches), base)).toBe(0);
    randomize(model, (n) => model.params.get(n).trainable, 5, 0.3);
    const tuned = allLogits(model, batches);
    expect(maxAbsDiff(tuned, base)).toBeGreaterThan(1e-3);
    const dir = mkdtempSync(join(tmpdir(), 'bitfit-'));
    saveAdapter(dir, applied);
    expect(readAdapterConfig(dir)).toMatchObject({ peft_type: 'BITFIT', variant: 'bias', task_type: 'SEQ_CLS', modules_to_save: ['classifier.dense', 'classifier.out_proj'] });

    const fresh = await loadFixture('roberta-1', task);
    loadAdapter(dir, method.apply(fresh, { variant: 'bias' }, { kind: task }));
    expect(maxAbsDiff(allLogits(fresh, batches), tuned)).toBe(0);
    // The weights outside BitFit's set are the checkpoint's, untouched.
    const w = 'roberta.encoder.layer.0.attention.self.query.weight';
    expect(maxAbsDiff(fresh.params.get(w).variable.dataSync(), model.params.get(w).variable.dataSync())).toBe(0);
    model.dispose();
    fresh.dispose();
  });
});
