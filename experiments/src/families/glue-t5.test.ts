/**
 * GLUE as text-to-text on an encoder-decoder (glue-t5.ts) through the real run function: runGlue with a `local:`
 * tiny T5 folder written here (config.json + model.safetensors + spiece.model), on the demo suite. Checks the
 * text format, that candidate scoring picks the label with the highest teacher-forced log-likelihood (row by
 * row, so padding cannot matter), and that a classification and the regression task run end to end with the
 * method's count and the task's metrics.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getMethod, initBackend, loadModel, parseMethodConfig, type T5Model } from '@peftbench/core';
import { loadTokenizer } from '@peftbench/tokenizers';
import '../methods.ts';
import type { RunProgress, RunSpec } from '../run-types.ts';
import { writeTinyT5 } from '../testing/tiny-t5.ts';
import { runGlue } from './glue-run.ts';
import { STSB_TARGETS, isEncoderDecoderDir, scoreCandidates, t5Candidates, t5Prediction, t5Source, t5Target } from './glue-t5.ts';

let dir = '';
beforeAll(async () => {
  await initBackend();
  dir = writeTinyT5({ seed: 3 });
});

function spec(task: string, method: string, methodConfig: Record<string, unknown> = {}): RunSpec {
  return {
    sweep: 'glue-t5-test',
    id: `${task}-${method}-s1-test`,
    family: 'glue',
    task,
    method,
    methodConfig,
    seed: 1,
    model: `local:${dir}`,
    data: { kind: 'demo' },
    protocol: 'red-split',
    hyper: { learningRate: 1e-2, batchSize: 4, epochs: 1, maxSteps: 2, maxLength: 48, warmupRatio: 0, weightDecay: 0, trainLimit: 8, evalLimit: 6 },
  };
}

describe('GLUE text-to-text format (T5, Raffel et al. App. D)', () => {
  test('source names the task and each field; targets are label words, STS-B scores rounded to 0.2', () => {
    expect(t5Source('rte', { text: 'A man sleeps.', textPair: 'Nobody sleeps.', label: 1, idx: 0 })).toBe('rte sentence1: A man sleeps. sentence2: Nobody sleeps.');
    expect(t5Source('sst2', { text: 'great film', label: 1, idx: 0 })).toBe('sst2 sentence: great film');
    expect(t5Target('mnli', 2)).toBe('contradiction');
    expect(t5Target('cola', 0)).toBe('unacceptable');
    expect(t5Target('stsb', 3.87)).toBe('3.8');
    expect(t5Target('stsb', 3.91)).toBe('4.0');
    expect(t5Candidates('stsb')).toEqual(STSB_TARGETS);
    expect(STSB_TARGETS.length).toBe(26);
    expect(t5Prediction('stsb', 19)).toBe(3.8);
    expect(t5Prediction('qnli', 1)).toBe(1);
    expect(() => t5Target('rte', 2)).toThrow(/rte data \[label\]: 2/);
  });

  test('the model folder is recognised as an encoder-decoder', () => {
    expect(isEncoderDecoderDir(dir)).toBe(true);
    expect(isEncoderDecoderDir('/nonexistent')).toBe(false);
  });
});

describe('candidate scoring', () => {
  test('a padded batch picks, for every row, the candidate with the highest summed log-probability computed alone', async () => {
    const { model } = await loadModel<T5Model>(dir, { task: 'causal-lm', seed: 1 });
    const tok = await loadTokenizer(dir);
    const sources = ['rte sentence1: a b sentence2: c', 'rte sentence1: longer text here sentence2: and more of it', 'x'].map((s) => tok.encode(s).ids);
    const candidates = t5Candidates('mnli').map((c) => tok.encode(c).ids);
    const picked = scoreCandidates(model, sources, candidates, 0, 8);
    sources.forEach((src, i) => {
      const scores = candidates.map((c) =>
        tf.tidy(() => {
          const logits = model.forward({ inputIds: [src], attentionMask: [src.map(() => 1)], labels: [c] }).logits!;
          const lp = tf.logSoftmax(logits, -1).arraySync() as number[][][];
          return c.reduce((s, id, t) => s + lp[0][t][id], 0);
        }),
      );
      expect(picked[i], `row ${i}: scores ${scores.map((s) => s.toFixed(3))}`).toBe(scores.indexOf(Math.max(...scores)));
    });
    model.dispose();
  });
});

describe('runGlue on a tiny T5 (local: folder, demo data)', () => {
  const cases: [string, string, Record<string, unknown>, string[]][] = [
    ['rte', 'red', {}, ['accuracy']],
    ['stsb', 'lora', { r: 2, lora_alpha: 4 }, ['pearson', 'spearman']],
  ];
  for (const [task, method, config, metrics] of cases) {
    test(`${task} with ${method}: trains, selects on ${metrics[0]}, reports the test split; count = the method's countTrainable`, async () => {
      const phases = new Set<string>();
      const r = await runGlue(spec(task, method, config), (p: RunProgress) => phases.add(p.phase));
      expect(r.status, r.message).toBe('ok');
      expect(r.best).not.toBeNull();
      expect(r.evals.length).toBeGreaterThan(0);
      for (const k of metrics) expect(Number.isFinite(r.evals[0].metrics[k]), `${k} in ${JSON.stringify(r.evals[0].metrics)}`).toBe(true);
      expect(r.best!.testMetrics && Object.keys(r.best!.testMetrics)).toEqual(expect.arrayContaining(metrics));
      const m = getMethod(method);
      const cfg = parseMethodConfig(m, config, 'test');
      const counted = m.countTrainable(JSON.parse((await import('node:fs')).readFileSync(`${dir}/config.json`, 'utf8')), cfg, { kind: 'causal-lm' }) as number | { method: number; head: number };
      expect(r.trainableParams).toBe(typeof counted === 'number' ? counted : counted.method + counted.head);
      expect(r.data).toMatchObject({ train: 8 });
      expect(phases.has('load')).toBe(true);
    });
  }
});
