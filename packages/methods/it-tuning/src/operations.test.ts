/**
 * §3.3 / Figure 6: the operation per site (`operations`: V_Q, V_A, V_ff each scale or shift). For every
 * combination of Figure 6: the hooked activations are multiplied (scale) or shifted (shift) by the site's shared
 * vector at ordinary tokens and by the information token's own vector at the information token; the model starts
 * as the frozen backbone; training moves every site; α's group holds exactly the scaling vectors; the count equals
 * the trainables; the adapter files record the operations and re-apply / load to identical outputs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { loadAdapter, readAdapterConfig, saveAdapter, train, type PreTrainedModel, type TensorHookPoint } from '@peftbench/core';
import { snapshotParams, tinyClassifier, toyBatches } from '@peftbench/selective/testing';
import { initBackendForTests } from '@peftbench/core/testing';
import { FIGURE6_OPERATIONS, PAPER_OPERATIONS, itTuningConfigSchema, type ItTuningOperations } from './config.ts';
import { OWNER, SCALE_GROUP, applyItTuning, vectorNames } from './apply.ts';
import { itTuningConfigFromAdapterConfig } from './adapter-config.ts';
import { itTuningCount } from './count.ts';
import { method } from './index.ts';

beforeAll(() => initBackendForTests());
const task = { kind: 'sequence-classification' as const, numLabels: 2 };
const SITES = ['q', 'a', 'ff'] as const;
const POINT: Record<(typeof SITES)[number], TensorHookPoint> = { q: 'attention.query', a: 'attention.residual', ff: 'layer.output' };
const logits = (model: PreTrainedModel, input = toyBatches(1, 2, 5)[0]) => [...model.forward(input).logits!.dataSync()];
const combos: { label: string; operations: ItTuningOperations }[] = [...FIGURE6_OPERATIONS.map((c) => ({ label: c.label, operations: { ...c.operations } }))];

describe('operations (§3.3, Figure 6)', () => {
  it('the default is eq. 1 (scale V_Q, shift V_A, scale V_ff) = Figure 6 "1 Shifting + 2 Scaling"; unknown sites / operations are refused', () => {
    expect(itTuningConfigSchema.parse({}).operations).toEqual({ q: 'scale', a: 'shift', ff: 'scale' });
    expect(itTuningConfigSchema.parse({ operations: { ff: 'shift' } }).operations).toEqual({ q: 'scale', a: 'shift', ff: 'shift' });
    expect(FIGURE6_OPERATIONS.find((c) => c.label === '1 Shifting + 2 Scaling')!.operations).toEqual(PAPER_OPERATIONS);
    expect(itTuningConfigSchema.safeParse({ operations: { k: 'scale' } }).success).toBe(false);
    expect(itTuningConfigSchema.safeParse({ operations: { q: 'rotate' } }).success).toBe(false);
    expect(new Set(combos.map((c) => JSON.stringify(c.operations))).size).toBe(4);
  });

  for (const { label, operations } of combos) {
    describe(`${label} ${JSON.stringify(operations)}`, () => {
      it('each site multiplies or adds its vectors (shared at ordinary tokens, V² at the information token); starts as the backbone', () => {
        const model = tinyClassifier();
        const input = toyBatches(1, 2, 5)[0];
        const base = logits(model, input);
        const before: Record<string, tf.Tensor> = {};
        const after: Record<string, tf.Tensor> = {};
        for (const site of SITES) model.hooks.on(POINT[site], (x) => ((before[site] = tf.keep(x.clone())), x), { layers: [0], owner: 'probe' });
        applyItTuning(model, itTuningConfigSchema.parse({ operations }), task);
        for (const site of SITES) model.hooks.on(POINT[site], (x) => ((after[site] = tf.keep(x.clone())), x), { layers: [0], owner: 'probe' });
        // neutral start: scales at 1, shifts at 0 — the output is the frozen backbone's
        expect(logits(model, input)).toEqual(base);
        const n = vectorNames(0, 'query');
        for (const site of SITES) {
          model.params.get(n[site].shared).variable.assign(tf.fill([16], 2));
          model.params.get(n[site].info).variable.assign(tf.fill([1, 16], 3));
        }
        expect(logits(model, input)).not.toEqual(base);
        for (const site of SITES) {
          const x = before[site].arraySync() as number[][][];
          const y = after[site].arraySync() as number[][][];
          const op = operations[site];
          const f = (v: number, c: number) => Math.fround(op === 'scale' ? v * c : v + c);
          for (let b = 0; b < x.length; b++) {
            expect(y[b][0]).toEqual(x[b][0].map((v) => f(v, 3))); // information token (NLU: the first position)
            for (let t = 1; t < x[b].length; t++) expect(y[b][t]).toEqual(x[b][t].map((v) => f(v, 2)));
          }
        }
      });

      it('trains every site with the backbone frozen; α\'s group is exactly the scaling vectors; count = trainables', async () => {
        const model = tinyClassifier();
        const cfg = itTuningConfigSchema.parse({ operations, alpha: 2 });
        const applied = applyItTuning(model, cfg, task);
        const own = model.params.all().filter((p) => p.owner === OWNER);
        expect(own.length).toBe(3 * 2 * model.numLayers);
        for (let l = 0; l < model.numLayers; l++) {
          const n = vectorNames(l, 'query');
          for (const site of SITES) {
            for (const name of [n[site].shared, n[site].info]) expect(model.params.get(name).group === SCALE_GROUP, name).toBe(operations[site] === 'scale');
          }
        }
        expect(applied.groups).toEqual({ [SCALE_GROUP]: { lrMultiplier: 2 } });
        const counted = method.countTrainable(model.config, cfg, task);
        expect(counted).toBe(own.reduce((s, p) => s + p.variable.size, 0));
        expect(counted).toBe(itTuningCount(model.config, { rank: 1 }));
        const before = snapshotParams(model);
        const result = await train({ model, applied, trainBatches: () => toyBatches(3, 4), stepsPerEpoch: 3, epochs: 1, learningRate: 0.05, seed: 1 });
        expect(result).toBeDefined();
        const after = snapshotParams(model);
        for (const p of model.params.all().filter((q) => q.owner === 'base')) expect(after.get(p.name)).toEqual(before.get(p.name));
        for (const site of SITES) {
          const moved = Array.from({ length: model.numLayers }, (_, l) => vectorNames(l, 'query')[site]).flatMap((n) => [n.shared, n.info]).map((name) => Math.max(...Array.from(after.get(name)!, (v, i) => Math.abs(v - before.get(name)![i]))));
          expect(Math.max(...moved), `${site} did not train`).toBeGreaterThan(1e-3);
        }
      });

      it('adapter_config.json records the operations; config from the file + the tensors give identical outputs', async () => {
        const model = tinyClassifier();
        const cfg = itTuningConfigSchema.parse({ operations });
        const applied = applyItTuning(model, cfg, task);
        await train({ model, applied, trainBatches: () => toyBatches(2, 4), stepsPerEpoch: 2, epochs: 1, learningRate: 0.05, seed: 2 });
        const dir = mkdtempSync(join(tmpdir(), 'itt-ops-'));
        saveAdapter(dir, applied);
        const want = logits(model);
        const saved = readAdapterConfig(dir);
        expect(saved.operations).toEqual(operations);
        const back = itTuningConfigFromAdapterConfig(saved, join(dir, 'adapter_config.json'));
        expect(back).toEqual(cfg);
        const fresh = tinyClassifier();
        const again = applyItTuning(fresh, back, task);
        loadAdapter(dir, again);
        expect(logits(fresh)).toEqual(want);
      });
    });
  }

  it('adapter_config.json without operations (written before the option) reads as eq. 1; a bad operation names its key', () => {
    const legacy = { peft_type: 'IT_TUNING', task_type: 'sequence-classification', mode: 'nlu', rank: 1, alpha: 1, attention_vector: 'query', shared_positions: 'all', info_token_ids: null, modules_to_save: ['classifier.dense.weight'] };
    expect(itTuningConfigFromAdapterConfig(legacy).operations).toEqual(PAPER_OPERATIONS);
    expect(() => itTuningConfigFromAdapterConfig({ ...legacy, operations: { q: 'scale', a: 'double', ff: 'scale' } }, 'x/adapter_config.json')).toThrow(/x\/adapter_config\.json \[operations\.a\]/);
    expect(() => itTuningConfigFromAdapterConfig({ ...legacy, peft_type: 'LORA' }, 'x/adapter_config.json')).toThrow(/\[peft_type\]/);
  });
});
