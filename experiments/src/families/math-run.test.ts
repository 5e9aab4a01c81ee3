/**
 * Math family: the split rule (evaluation answers never trained or pretrained on), settings, the causal
 * layout, the pretraining corpus option, and a micro sweep through the CLI (micro-gpt2, LoRA, 1 seed)
 * whose result file carries an accuracy per eval set and whose table says "demo data".
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mathEncodeTrain, MATH_EVAL_SETS } from '@peftbench/datasets';
import { gpt2TokenizerJson, tokenizerFromJson } from '@peftbench/tokenizers';
import { repoRoot } from '@peftbench/util';
import { tempDir, writeFile } from '../testing/tmp.ts';
import { readRecord } from '../results-store.ts';
import { parseRecipe } from '../pretrain/recipe.ts';
import { decoderCorpusDocuments } from '../pretrain/decoder.ts';
import { evalSubset, mathSplitsFor, DEMO_MATH_SIZE } from '../data/math-data.ts';
import { mathCorpusDocuments } from '../data/math-corpus.ts';
import { toCausal } from './math-encode.ts';
import { kindsOf } from './e2e-batches.ts';
import { accuracyKey, AVERAGE_KEY, mathSettings } from './math-settings.ts';

const experimentsCli = fileURLToPath(new URL('../cli.ts', import.meta.url));
const hyper = { learningRate: 1e-3, batchSize: 8, epochs: 1, maxLength: 224, warmupRatio: 0, weightDecay: 0 };

describe('math data and settings', () => {
  test('demo split: 90/10 of the training problems, six eval sets, no eval question in train or corpus', async () => {
    const s = await mathSplitsFor({ kind: 'demo' });
    expect(s.train.length + s.selection.length).toBe(DEMO_MATH_SIZE);
    expect(s.selection.length).toBe(DEMO_MATH_SIZE / 10);
    expect(Object.keys(s.evalSets)).toEqual([...MATH_EVAL_SETS]);
    expect(s.demoEval && s.demoTrain).toBe(true);
    expect(s.train.map((r) => r.idx)).toEqual(s.train.map((_, i) => i));
    const corpus = await mathCorpusDocuments(parseRecipe('micro-gpt2'), { kind: 'math', data: { kind: 'demo' } });
    expect(corpus.documents).toHaveLength(300); // micro-gpt2 corpusSize
    const text = corpus.documents.flat().join('\n');
    expect(text).toContain('### Response:');
    const selectionOnly = s.selection.filter((r) => !s.train.some((t) => t.instruction === r.instruction));
    expect(selectionOnly.some((r) => text.includes(r.instruction))).toBe(false);
    // the E2E corpus (and so every existing tiny-gpt2 cache folder) is a different text with its own id
    expect((await decoderCorpusDocuments(parseRecipe('micro-gpt2'), { kind: 'demo' })).id).toMatch(/^e2e-train-docs:/);
    expect(corpus.id).toMatch(/^math-train-docs:[0-9a-f]{16}$/);
  });

  test('eval subset is seeded (seed 0) and the same for every call; settings by task; bad hyper names its key', () => {
    const recs = Array.from({ length: 30 }, (_, i) => ({ instruction: `q${i}`, input: '', output: '', answer: String(i), idx: i }));
    const a = evalSubset(recs, 5);
    expect(a.map((r) => r.answer)).toEqual(evalSubset(recs, 5).map((r) => r.answer));
    expect(a.map((r) => r.idx)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(a.map((r) => r.answer)).size).toBe(5);
    expect(a.map((r) => r.answer)).not.toEqual(['0', '1', '2', '3', '4']);
    expect(evalSubset(recs, undefined)).toHaveLength(30);
    expect(mathSettings(hyper, 'w').evalSets).toEqual([...MATH_EVAL_SETS]);
    expect(mathSettings(hyper, 'w', 'aqua').evalSets).toEqual(['AQuA']);
    expect(mathSettings({ ...hyper, evalSets: 'gsm8k, SVAMP' }, 'w').evalSets).toEqual(['gsm8k', 'SVAMP']);
    expect(() => mathSettings({ ...hyper, evalSets: 'gsm9k' }, 'sweep.yaml')).toThrow(/sweep\.yaml \[hyper\.evalSets\.0\]/);
    expect(() => mathSettings(hyper, 'run x', 'mawps')).toThrow(/run x \[task\]: 'mawps' has no evaluation set/);
    expect(accuracyKey('SVAMP')).toBe('accuracy_svamp');
  });

  test('causal layout: prompt = source, response + EOS = target, the only scored tokens', async () => {
    const tok = tokenizerFromJson(gpt2TokenizerJson({ flavour: 'gpt2' }), {}, 'gpt2');
    const { train } = await mathSplitsFor({ kind: 'demo' }, []);
    const [c] = toCausal(mathEncodeTrain(train.slice(0, 1), tok, { cutoffLength: 256 }));
    const kinds = kindsOf(c);
    const scored = c.label.map((l, t) => (l === -100 ? -1 : t)).filter((t) => t >= 0);
    expect(scored[0]).toBe(c.sourceLength);
    expect(scored).toHaveLength(c.targetLength);
    expect(kinds.filter((k) => k === kinds[0])).toHaveLength(c.sourceLength);
    expect(c.inputIds[c.inputIds.length - 1]).toBe(50256);
    expect(tok.decode(c.inputIds.slice(c.sourceLength, -1))).toBe(train[0].output);
  });
});

describe('micro math sweep through the CLI', () => {
  test('micro-gpt2 + LoRA, 1 seed: the result file has an accuracy per eval set and their average; the table says demo data', () => {
    const dir = tempDir('peftbench-math-');
    const sweep = writeFile(dir, 'm.yaml', `name: math-micro
family: math
model: pretrain:micro-gpt2:maxLength=224,positions=288
data: demo
protocol: dev
tasks: [math10k]
seeds: [1]
hyper: {learningRate: 1.0e-2, batchSize: 4, epochs: 1, maxSteps: 4, evalEvery: 2, maxLength: 224, warmupRatio: 0, weightDecay: 0, evalLimit: 3, extra: {maxNewTokens: 8, evalSets: 'gsm8k,AQuA,AddSub'}}
methods:
  - name: lora
    config: {r: 2, lora_alpha: 4}
`);
    const results = join(dir, 'results');
    const r = spawnSync(process.execPath, ['--import', 'tsx', experimentsCli, 'math', '--sweep', sweep, '--results', results, '--reports', join(dir, 'reports'), '--workers', '1'], {
      cwd: repoRoot, encoding: 'utf8', env: { ...process.env, PEFTBENCH_CACHE: join(dir, 'cache') },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const files = readdirSync(join(results, 'math-micro')).filter((f) => f.endsWith('.json') && !f.startsWith('_'));
    expect(files).toHaveLength(1);
    const rec = readRecord(join(results, 'math-micro', files[0]), files[0].slice(0, -5));
    if ('corrupt' in rec) throw new Error(rec.corrupt);
    expect(rec.result.status).toBe('ok');
    expect(rec.result.evals.map((e) => e.step)).toEqual([2, 4]);
    const m = rec.result.best!.testMetrics!;
    expect(Object.keys(m).sort()).toEqual(['accuracy_addsub', 'accuracy_aqua', 'accuracy_avg', 'accuracy_gsm8k']);
    for (const k of ['accuracy_addsub', 'accuracy_aqua', 'accuracy_gsm8k']) expect([0, 1 / 3, 2 / 3, 1]).toContain(m[k]);
    expect(m[AVERAGE_KEY]).toBeCloseTo((m.accuracy_addsub! + m.accuracy_aqua! + m.accuracy_gsm8k!) / 3, 10);
    expect(rec.result.trainableParams).toBeGreaterThan(0);
    // the reports build ID3 Table 5's layout; LoRA r=2 fills the paper's "LoRA (r=2)" row
    const table = readFileSync(join(dir, 'reports', 'math-micro-id3-table5.md'), 'utf8');
    expect(table).toContain('demo data');
    expect(table).toMatch(/\| \*\*LoRA \(r=2\)\*\* \| measured \| \d+ \| [\d.]+ \| — \| — \| [\d.]+ \| [\d.]+ \| — \| [\d.]+ \(3\/6\) \|/);
    const log = readFileSync(join(results, 'math-micro', 'logs', `${files[0].slice(0, -5)}.log`), 'utf8');
    expect(log).toMatch(/gsm8k: accuracy \d\/3/);
    expect(existsSync(join(dir, 'cache', 'pretrained'))).toBe(true);
  }, 300_000);
});
