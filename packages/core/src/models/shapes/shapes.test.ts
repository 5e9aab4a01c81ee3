/**
 * The config-only parameter tables against ground truth: the tensors HF itself saved in every parity
 * fixture (names and shapes), core's parameter registry for the encoders, and the published totals
 * of the papers' checkpoints (HF `num_parameters()`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '@peftbench/util';
import { ENCODER_FIXTURES, FIXTURE_ROOT, fixtureConfig, fixturesAvailable, initBackendForTests, loadFixture } from '../../testing.ts';
import { modelShapes, numel } from './index.ts';
import { readConfigForCounting } from './read.ts';

/** Names and shapes in a safetensors header (8-byte length + JSON), without reading the data. */
function safetensorsHeader(path: string): Map<string, number[]> {
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
  return new Map(Object.entries(header).filter(([k]) => k !== '__metadata__').map(([k, v]) => [k, (v as { shape: number[] }).shape]));
}

const DECODER_FIXTURES = ['gpt2-1', 'gpt2-2', 'llama-1', 'llama-2'];

describe.skipIf(!fixturesAvailable)('parameter tables vs the tensors HF saved', () => {
  for (const name of [...ENCODER_FIXTURES.map((f) => f.name), ...DECODER_FIXTURES]) {
    test(name, () => {
      const enc = ENCODER_FIXTURES.find((f) => f.name === name);
      const shapes = modelShapes(fixtureConfig(name), { kind: enc?.task ?? 'causal-lm' });
      const saved = safetensorsHeader(join(FIXTURE_ROOT, name, 'model.safetensors'));
      expect(new Map(shapes.params.map((p) => [p.name, p.shape]))).toEqual(saved);
    });
  }
});

describe.skipIf(!fixturesAvailable)('parameter tables vs core models', () => {
  beforeAll(initBackendForTests);
  for (const { name, task } of ENCODER_FIXTURES) {
    test(name, async () => {
      const model = await loadFixture(name, task);
      const registry = model.params.all().map((p) => [p.name, p.transposed ? [...p.variable.shape].reverse() : p.variable.shape, p.owner]);
      const table = modelShapes(model.config, { kind: task }).params.map((p) => [p.name, p.shape, p.owner]);
      expect(new Set(table.map((r) => JSON.stringify(r)))).toEqual(new Set(registry.map((r) => JSON.stringify(r))));
      const linears = modelShapes(model.config, { kind: task }).linears.map(({ name, layer, inFeatures, outFeatures }) => ({ name, layer, inFeatures, outFeatures }));
      expect(linears).toEqual(model.linearLayers().map(({ name, layer, inFeatures, outFeatures }) => ({ name, layer, inFeatures, outFeatures })));
      model.dispose();
    });
  }
  for (const name of DECODER_FIXTURES) {
    test(`${name} (causal LM)`, async () => {
      const model = await loadFixture(name, 'causal-lm');
      const registry = model.params.all().map((p) => [p.name, p.transposed ? [...p.variable.shape].reverse() : p.variable.shape, p.owner]);
      const shapes = modelShapes(model.config, { kind: 'causal-lm' });
      expect(new Set(shapes.params.map((p) => JSON.stringify([p.name, p.shape, p.owner])))).toEqual(new Set(registry.map((r) => JSON.stringify(r))));
      const pick = ({ name, layer, inFeatures, outFeatures }: { name: string; layer: number; inFeatures: number; outFeatures: number }) => ({ name, layer, inFeatures, outFeatures });
      expect(shapes.linears.map(pick)).toEqual(model.linearLayers().map(pick));
      model.dispose();
    });
  }
});

describe("the papers' checkpoints (packages/core/configs)", () => {
  const total = (model: string, kind: 'bare' | 'causal-lm' | 'sequence-classification', numLabels?: number) => {
    const cfg = readConfigForCounting(join(repoRoot, 'packages/core/configs', model, 'config.json'));
    return modelShapes(cfg, { kind, numLabels }).params.reduce((s, p) => s + numel(p.shape), 0);
  };
  // HF num_parameters() of the public checkpoints.
  test('GPT-2 medium / large (lm_head tied)', () => {
    expect(total('gpt2-medium', 'causal-lm')).toBe(354_823_168);
    expect(total('gpt2-large', 'causal-lm')).toBe(774_030_080);
  });
  test('Llama 7B (untied lm_head), both versions', () => {
    expect(total('llama-7b', 'causal-lm')).toBe(6_738_415_616);
    expect(total('llama-2-7b', 'causal-lm')).toBe(6_738_415_616);
  });
  test('T5-base (shared embedding, tied head)', () => {
    expect(total('t5-base', 'causal-lm')).toBe(222_903_552);
  });
  test('DeBERTa-v3-base backbone: 98M embedding + 86M layers', () => {
    expect(total('deberta-v3-base', 'bare')).toBe(183_831_552);
    expect(total('deberta-v3-base', 'bare') - 128_100 * 768).toBe(85_450_752);
  });
  test('RoBERTa base / large without pooler (+ sequence head)', () => {
    expect(total('roberta-base', 'bare')).toBe(124_645_632 - (768 * 768 + 768));
    expect(total('roberta-large', 'bare')).toBe(355_359_744 - (1024 * 1024 + 1024));
    expect(total('roberta-base', 'sequence-classification', 2) - total('roberta-base', 'bare')).toBe(768 * 768 + 768 + 768 * 2 + 2);
  });
  test('errors name the file and key', () => {
    expect(() => modelShapes({ model_type: 'gpt2', n_embd: 8, n_layer: 2, n_positions: 4 }, { kind: 'causal-lm' }, 'x/config.json')).toThrow('x/config.json [vocab_size]: missing');
    expect(() => modelShapes({ model_type: 'llama', hidden_size: '8' }, { kind: 'causal-lm' }, 'c.json')).toThrow("c.json [hidden_size]: expected a non-negative integer");
    expect(() => modelShapes({ model_type: 'mamba' }, { kind: 'causal-lm' }, 'c.json')).toThrow("c.json [model_type]: no parameter table for 'mamba'");
  });
});
