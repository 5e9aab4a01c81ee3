/**
 * The CoNLL-2003 run: metrics as conlleval counts them (fractions), predictions mapped back to words
 * (token insertion included), a real training run on the demo NER corpus with the micro encoder, and a
 * micro sweep end to end through the CLI (worker processes, result files, the printed table).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, TokenKind, type ModelInput, type PreTrainedModel } from '@peftbench/core';
import type { EncodedTokens } from '@peftbench/datasets';
import { InputError, repoRoot } from '@peftbench/util';
import { readRecord } from '../results-store.ts';
import { tempDir } from '../testing/tmp.ts';
import type { RunSpec } from '../run-types.ts';
import { conllMetrics, modelMaxTokens, predictTags, runConll, sourcePositions } from './conll-run.ts';

const cache = tempDir('peftbench-conll-cache-');
beforeAll(async () => {
  // micro-roberta is pretrained into this run's own cache (seconds), never into the user's
  process.env.PEFTBENCH_CACHE = cache;
  process.env.PEFTBENCH_BACKEND ??= 'wasm';
  await initBackend();
});

describe('conllMetrics', () => {
  test('span counting: exact boundaries and type; fractions; every type present', () => {
    const gold = [['B-PER', 'I-PER', 'O', 'B-LOC'], ['B-ORG', 'O']];
    const pred = [['B-PER', 'I-PER', 'O', 'B-ORG'], ['B-ORG', 'B-MISC']];
    const m = conllMetrics(gold, pred);
    // gold spans: PER, LOC, ORG (3); guessed: PER, ORG, ORG, MISC (4); correct: PER, ORG (2)
    expect(m.precision).toBeCloseTo(2 / 4, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3), 12);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    expect(m.f1_PER).toBe(1);
    expect(m.f1_LOC).toBe(0);
    expect(m.precision_ORG).toBeCloseTo(1 / 2, 12);
    expect(m.recall_ORG).toBe(1);
    expect(m.f1_MISC).toBe(0);
    // a boundary error is a miss: I-PER cut short
    expect(conllMetrics([['B-PER', 'I-PER']], [['B-PER', 'O']]).f1).toBe(0);
  });
});

describe('predictions back to words', () => {
  test('inserted positions are skipped; each word takes its first sub-token; cut words are O', () => {
    // 2 words: word 0 = positions 1-2, word 1 = position 3; a third word was cut by truncation
    const enc: EncodedTokens = { inputIds: [0, 10, 11, 12, 2], typeIds: [0, 0, 0, 0, 0], label: [-100, 1, -100, 3, -100], wordIndex: [-1, 0, 0, 1, -1], numWords: 3, idx: 0 };
    // a model that inserts one token in front and predicts class (input id mod 9) at every source position
    const fake = {
      forward(input: ModelInput) {
        const ids = input.inputIds.map((row) => [999, ...row]);
        const kinds = input.inputIds.map((row) => [TokenKind.inserted, ...row.map(() => TokenKind.source)]);
        const logits = tf.oneHot(tf.tensor2d(ids.map((r) => r.map((id) => (id === 999 ? 8 : id % 9))), undefined, 'int32'), 9);
        return { logits, lastHiddenState: logits, input: { ...input, inputIds: ids, tokenKinds: kinds } };
      },
    } as unknown as PreTrainedModel;
    // id 10 → class 1 (B-PER); id 12 → class 3 (B-ORG); the cut word → O
    expect(predictTags(fake, [enc], 1, 8)).toEqual([['B-PER', 'B-ORG', 'O']]);
    expect(sourcePositions([7, 1, 2, 3], { inputIds: [], attentionMask: [], tokenKinds: [[TokenKind.inserted, 1, 1, 1]] }, 0, 3)).toEqual([1, 2, 3]);
  });

  test('positions a model has: RoBERTa starts at pad_token_id + 1', () => {
    expect(modelMaxTokens({ model_type: 'roberta', max_position_embeddings: 514, pad_token_id: 1 } as never)).toBe(512);
    expect(modelMaxTokens({ model_type: 'bert', max_position_embeddings: 512, pad_token_id: 0 } as never)).toBe(512);
  });
});

const spec = (over: Partial<RunSpec> = {}): RunSpec => ({
  sweep: 'unit', id: 'conll2003-full-ft-s1-unit', family: 'conll', task: 'conll2003', method: 'full-ft', methodConfig: {}, seed: 1,
  model: 'pretrain:micro-roberta', data: { kind: 'demo' }, protocol: 'id3',
  hyper: { learningRate: 3e-3, batchSize: 16, epochs: 20, maxSteps: 120, evalEvery: 40, maxLength: 32, warmupRatio: 0.06, weightDecay: 0 },
  ...over,
});

describe('runConll', () => {
  test('bad input names the run and the key', async () => {
    await expect(runConll(spec({ protocol: 'red-split' }), () => {})).rejects.toThrow(/run conll2003-full-ft-s1-unit \[protocol\]: 'red-split' does not apply/);
    await expect(runConll(spec({ task: 'sst2' }), () => {})).rejects.toThrow(InputError);
    await expect(runConll(spec({ hyper: { ...spec().hyper, trainLimit: 0 } }), () => {})).rejects.toThrow(/run conll2003-full-ft-s1-unit \[hyper\.trainLimit\]: Too small/);
  });

  test('full fine-tuning learns the demo NER corpus: validation span F1 rises, the best checkpoint is scored on test', async () => {
    const phases = new Set<string>();
    const r = await runConll(spec(), (p) => phases.add(p.phase));
    expect(r.status).toBe('ok');
    expect([...phases]).toEqual(expect.arrayContaining(['load', 'train', 'eval']));
    expect(r.evals.map((e) => e.step)).toEqual([40, 80, 120]);
    const f1s = r.evals.map((e) => e.metrics.f1);
    for (const f of f1s) expect(f).toBeGreaterThanOrEqual(0);
    // 120 steps of the micro encoder: well above the first evaluation (measured ~0.44 at 100-150 steps)
    expect(Math.max(...f1s)).toBeGreaterThan(0.2);
    expect(Math.max(...f1s)).toBeGreaterThan(f1s[0]);
    expect(r.best!.metric).toBe('f1');
    expect(r.best!.value).toBe(Math.max(...f1s));
    const t = r.best!.testMetrics!;
    expect(t.f1).toBeGreaterThan(0.1);
    expect(t.f1).toBeCloseTo((2 * t.precision * t.recall) / (t.precision + t.recall), 12);
    for (const type of ['PER', 'LOC', 'ORG', 'MISC']) expect(t[`f1_${type}`]).toBeGreaterThanOrEqual(0);
    // full-ft trains every weight: micro-roberta + a 9-way token head
    expect(r.trainableParams).toBeGreaterThan(9 * 32);
    expect(r.backend.versions.model).toMatch(/^micro-roberta-[0-9a-f]{12}$/);
  });
});

describe('micro sweep through the CLI', () => {
  test('2 methods × 2 seeds in worker processes: result files carry span F1; the CoNLL table is printed and written', () => {
    const dir = tempDir('peftbench-conll-sweep-');
    const sweepFile = join(dir, 'micro.yaml');
    writeFileSync(
      sweepFile,
      `name: micro
family: conll
model: pretrain:micro-roberta
data: demo
protocol: id3
tasks: [conll2003]
seeds: [1, 2]
hyper: {batchSize: 16, epochs: 2, maxSteps: 8, evalEvery: 4, maxLength: 32, warmupRatio: 0.0, weightDecay: 0.0, trainLimit: 64, evalLimit: 40}
methods:
  - name: lora
    config: {r: 4, lora_alpha: 8, target_modules: [query, value]}
    hyper: {learningRate: 1.0e-2}
  - name: id3
    config: {budget: 500}
    hyper: {learningRate: 1.0e-2}
`,
    );
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'conll', '--sweep', sweepFile, '--results', join(dir, 'results'), '--reports', join(dir, 'reports'), '--workers', '2'], {
      cwd: repoRoot, encoding: 'utf8', env: { ...process.env, PEFTBENCH_CACHE: cache, FORCE_COLOR: '0' }, timeout: 600_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = join(dir, 'results', 'micro');
    const files = readdirSync(out).filter((f) => f.endsWith('.json') && !f.startsWith('_'));
    expect(files.length).toBe(4);
    for (const f of files) {
      const rec = readRecord(join(out, f), f.slice(0, -5));
      if ('corrupt' in rec) throw new Error(`${f}: ${rec.corrupt}`);
      expect(rec.spec.family).toBe('conll');
      expect(rec.result.status).toBe('ok');
      expect(rec.result.best!.metric).toBe('f1');
      expect(rec.result.evals.map((e) => e.step)).toEqual([4, 8]);
      const t = rec.result.best!.testMetrics!;
      for (const key of ['f1', 'precision', 'recall', 'f1_PER', 'f1_LOC', 'f1_ORG', 'f1_MISC']) {
        expect(typeof t[key]).toBe('number');
        expect(t[key]).toBeGreaterThanOrEqual(0);
        expect(t[key]).toBeLessThanOrEqual(1);
      }
      // ID3 with budget 500 (+ the 9-way head on d = 32: 297) changes at most 797 scalars
      if (rec.spec.method === 'id3') expect(rec.result.trainableParams).toBe(500 + 297);
    }
    expect(r.stdout).toContain('# ID3 (Agarwal et al., arXiv 2408.14470v1) Table 4, CoNLL-2003 NER layout — demo data');
    expect(r.stdout).toMatch(/\| \*\*ID3 \(budget=500\)\*\* \| measured \| 797 \| \d+\.\d ± \d+\.\d \|/);
    expect(existsSync(join(dir, 'reports', 'micro-id3-table4.md'))).toBe(true);
    expect(readFileSync(join(dir, 'reports', 'micro-id3-table4.csv'), 'utf8')).toContain('CoNLL-2003 F1');
  });
});
