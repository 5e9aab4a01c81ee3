/**
 * E2E family (issue 6): decoder pretraining through `experiments:pretrain --recipe micro-gpt2`, the split
 * rule, token roles, IT-Tuning generation consistent with training, and a micro sweep through the CLI
 * (micro-gpt2, LoRA + IT-Tuning) whose result files carry all five E2E metrics.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { TokenKind, generate, getMethod, initBackend, loadModel, parseMethodConfig, type DecoderModel } from '@peftbench/core';
import { e2eEncode, type E2eData } from '@peftbench/datasets';
import { readSafetensors } from '@peftbench/safetensors';
import { loadTokenizer, gpt2TokenizerJson, tokenizerFromJson } from '@peftbench/tokenizers';
import { AUTHORS_INFO_TOKEN_IDS, mapGpt2Ids } from '@peftbench/method-it-tuning';
import { repoRoot } from '@peftbench/util';
import '../methods.ts';
import { tempDir, writeFile } from '../testing/tmp.ts';
import { readRecord } from '../results-store.ts';
import { e2eRunSplits } from '../data/e2e-data.ts';
import { causalBatches, kindsOf } from './e2e-batches.ts';
import { cutAtEos } from './e2e-generate.ts';
import { e2eSettings } from './e2e-settings.ts';
import { E2E_METRICS } from './e2e-run.ts';

/** A method's raw config resolved for an E2E run (PeftMethod.resolveConfig), as fineTune does. */
const methodConfigFor = (name: string, raw: Record<string, unknown>, tok: unknown) =>
  getMethod(name).resolveConfig?.(raw, { tokenizer: tok, family: 'e2e', task: { kind: 'causal-lm' } }) ?? raw;

const tsxRun = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } });
const pretrainCli = fileURLToPath(new URL('../pretrain/cli.ts', import.meta.url));
const experimentsCli = fileURLToPath(new URL('../cli.ts', import.meta.url));

// one pretrained micro decoder for the whole file (through the CLI: checks the --recipe dispatch too)
const cache = tempDir('peftbench-e2e-cache-');
let modelDir = '';
let pretrainOutput = '';

beforeAll(() => {
  const r = tsxRun(pretrainCli, ['--recipe', 'micro-gpt2'], { PEFTBENCH_CACHE: cache });
  pretrainOutput = r.stdout + r.stderr;
  if (r.status !== 0) throw new Error(`pretrain CLI failed: ${pretrainOutput}`);
  modelDir = r.stdout.trim().split('\n').pop()!;
});

describe('decoder pretraining (experiments:pretrain --recipe micro-gpt2)', () => {
  test('writes an HF GPT-2 folder, cached by recipe hash, trained on the E2E training text', async () => {
    expect(modelDir).toMatch(/pretrained\/micro-gpt2-[0-9a-f]{12}$/);
    expect(pretrainOutput).toContain('pretraining micro-gpt2 (causal LM)');
    expect(pretrainOutput).toMatch(/pretrain step 20\/20 loss \d/);
    const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8'));
    expect(config.model_type).toBe('gpt2');
    expect([config.n_layer, config.n_embd, config.n_head, config.n_inner, config.n_positions]).toEqual([1, 32, 2, 64, 160]);
    // HF GPT2LMHeadModel names; Conv1D weights [in, out]; the tied lm_head is not written
    const st = readSafetensors(join(modelDir, 'model.safetensors'));
    expect(st.tensors.get('transformer.h.0.attn.c_attn.weight')!.shape).toEqual([32, 96]);
    expect(st.tensors.get('transformer.h.0.mlp.c_proj.weight')!.shape).toEqual([64, 32]);
    expect(st.tensors.get('transformer.wte.weight')!.shape).toEqual([config.vocab_size, 32]);
    expect(st.tensors.has('lm_head.weight')).toBe(false);
    const tok = await loadTokenizer(modelDir);
    expect(tok.vocabSize).toBe(config.vocab_size);
    expect(tok.idToToken(tok.special.eos!)).toBe('<|endoftext|>');
    expect(config.eos_token_id).toBe(tok.special.eos);
    // restricted to what the demo training text uses: a few hundred tokens, round-trip exact
    expect(config.vocab_size).toBeGreaterThan(256);
    expect(config.vocab_size).toBeLessThan(1000);
    const text = 'The Olive Tree is a coffee shop near Blue Lantern.';
    expect(tok.decode(tok.encode(text).ids)).toBe(text);
    const log = JSON.parse(readFileSync(join(modelDir, 'pretraining.json'), 'utf8'));
    expect(log.steps).toBe(20);
    expect(log.finalLoss).toBeLessThan(log.firstLoss - 0.3); // it learned something in 20 steps
    expect(log.corpusDescription).toMatch(/training MRs and \d+ training references/);
    // second call: cache hit, same folder, weights untouched
    const before = statSync(join(modelDir, 'model.safetensors')).mtimeMs;
    const again = tsxRun(pretrainCli, ['--recipe', 'micro-gpt2'], { PEFTBENCH_CACHE: cache });
    expect(again.stdout).toContain('(cached)');
    expect(again.stdout.trim().split('\n').pop()).toBe(modelDir);
    expect(statSync(join(modelDir, 'model.safetensors')).mtimeMs).toBe(before);
  });
});

describe('E2E split rule', () => {
  const group = (mr: string, n: number) => ({ mr, refs: Array.from({ length: n }, (_, i) => `${mr} ref ${i}`), idx: 0 });
  const split = (groups: ReturnType<typeof group>[]) => ({ groups, pairs: groups.flatMap((g) => g.refs.map((ref) => ({ mr: g.mr, ref, idx: 0 }))) });
  const dev = Array.from({ length: 10 }, (_, i) => group(`name[D${i}]`, 2));
  const test_ = [group('name[T0]', 3), group('name[T1]', 1)];

  test('without a train split: dev MRs split 8/2 into train/selection, report on test', () => {
    const data: E2eData = { splits: { validation: split(dev), test: split(test_) }, skipped: [], source: 'folder x', isDemo: false };
    const s = e2eRunSplits(data, 'x');
    const trainMrs = new Set(s.train.map((p) => p.mr));
    const valMrs = new Set(s.validation.map((p) => p.mr));
    expect([trainMrs.size, valMrs.size]).toEqual([8, 2]);
    expect([...trainMrs].some((m) => valMrs.has(m))).toBe(false);
    expect(s.train.length + s.validation.length).toBe(20);
    expect(s.reportSplit).toBe('test');
    expect(s.report.map((g) => g.refs.length)).toEqual([3, 1]);
    // test references never enter training
    expect(s.train.some((p) => p.mr.startsWith('name[T'))).toBe(false);
  });

  test('without test references and without a train split: refused, naming the folder', () => {
    const data: E2eData = { splits: { validation: split(dev), test: split([{ mr: 'name[T0]', refs: [], idx: 0 }]) }, skipped: [], source: 'f', isDemo: false };
    expect(() => e2eRunSplits(data, '/data/e2e')).toThrow(/\/data\/e2e: no trainset\.csv and no testset_w_refs\.csv/);
  });

  test('with a train split: train / dev / test as given', () => {
    const data: E2eData = { splits: { train: split(dev.slice(0, 5)), validation: split(dev.slice(5)), test: split(test_) }, skipped: [], source: 's', isDemo: true };
    const s = e2eRunSplits(data, 's');
    expect([s.train.length, s.validation.length, s.report.length, s.reportSplit]).toEqual([10, 10, 2, 'test']);
  });
});

describe('settings, roles and outputs', () => {
  test('decoding defaults follow the method paper; the sweep overrides them', () => {
    const hyper = { learningRate: 1, batchSize: 1, epochs: 1, maxLength: 100, warmupRatio: 0, weightDecay: 0 };
    expect(e2eSettings('it-tuning', hyper, 'w').decode).toEqual({ numBeams: 10, noRepeatNgramSize: 5, lengthPenalty: 1.2, maxNewTokens: 64 });
    expect(e2eSettings('it-tuning', hyper, 'w').mrFormat).toBe('table');
    expect(e2eSettings('red', hyper, 'w').decode).toEqual({ numBeams: 10, noRepeatNgramSize: 4, lengthPenalty: 0.9, maxNewTokens: 64 });
    expect(e2eSettings('red', { ...hyper, numBeams: 3, mrFormat: 'table' }, 'w')).toMatchObject({ decode: { numBeams: 3 }, mrFormat: 'table', maxTarget: 100, maxSource: 64 });
    expect(() => e2eSettings('red', { ...hyper, numBeams: 0 }, 'sweep.yaml')).toThrow(/sweep\.yaml \[hyper\.numBeams\]/);
  });

  test('token roles: source | target | pad (right) and pad | source (left prompts)', async () => {
    const tok = await loadTokenizer(modelDir);
    const eos = tok.special.eos!;
    const [e] = e2eEncode([{ mr: 'name[A]', ref: 'A b.', idx: 0 }], tok, { eosId: eos });
    expect(kindsOf(e)).toEqual([...Array(e.sourceLength).fill(TokenKind.source), ...Array(e.targetLength).fill(TokenKind.target)]);
    const [p] = e2eEncode([{ mr: 'name[A], food[Chinese]', idx: 1 }], tok, { eosId: eos });
    const [b] = [...causalBatches([e, p], { batchSize: 2, padId: eos, padSide: 'right' })];
    const W = Math.max(e.inputIds.length, p.inputIds.length);
    const pads = (n: number) => Array(W - n).fill(TokenKind.pad);
    expect(b.tokenKinds[0]).toEqual([...kindsOf(e), ...pads(e.inputIds.length)]);
    expect(b.tokenKinds[1]).toEqual([...Array(p.inputIds.length).fill(TokenKind.source), ...pads(p.inputIds.length)]);
    expect(b.tokenKinds.map((k) => k.length)).toEqual(b.inputIds.map((r) => r.length));
    const [l] = [...causalBatches([{ ...p, idx: 0 }], { batchSize: 1, padId: eos, padSide: 'left' })];
    expect(l.tokenKinds[0].every((k) => k === TokenKind.source)).toBe(true);
    expect(() => [...causalBatches([p], { batchSize: 1, padId: eos, padSide: 'left' })]).toThrow(/example 0 has idx 1/);
  });

  test('outputs are cut at the first EOS', () => {
    expect(cutAtEos([5, 6, 9, 7, 9], 9)).toEqual([5, 6]);
    expect(cutAtEos([5, 6], 9)).toEqual([5, 6]);
    expect(cutAtEos([9, 1], 9)).toEqual([]);
  });

  test("IT-Tuning's information tokens: the authors' GPT-2 words, renumbered for the restricted vocabulary", async () => {
    const tok = await loadTokenizer(modelDir);
    const ids = mapGpt2Ids(AUTHORS_INFO_TOKEN_IDS, tok);
    expect(ids.map((i) => tok.idToToken(i))).toEqual(['Ġsummarize', 'Ġtransformation', 'Ġtext', 'Ġtable', 'Ġsummary', 'Ġdata', 'Ġsentence', 'Ġslot']);
    const full = tokenizerFromJson(gpt2TokenizerJson({ flavour: 'gpt2' }), {}, 'gpt2');
    expect(mapGpt2Ids(AUTHORS_INFO_TOKEN_IDS, full)).toEqual(AUTHORS_INFO_TOKEN_IDS); // full vocabulary: unchanged
    expect(methodConfigFor('it-tuning', { rank: 4 }, tok)).toEqual({ rank: 4, infoTokenIds: ids });
    expect(methodConfigFor('it-tuning', { infoTokenIds: [3] }, tok)).toEqual({ infoTokenIds: [3] });
    expect(methodConfigFor('lora', { r: 2 }, tok)).toEqual({ r: 2 });
  });
});

describe('IT-Tuning NLG: generation is consistent with training', () => {
  test('greedy cached generation = argmax of the training-layout forward (info tokens inserted, Figure-3 rule)', async () => {
    await initBackend({ backend: 'wasm' });
    const tok = await loadTokenizer(modelDir);
    const eos = tok.special.eos!;
    const { model } = await loadModel<DecoderModel>(modelDir, { task: 'causal-lm', seed: 3 });
    try {
      const method = getMethod('it-tuning');
      const config = parseMethodConfig(method, methodConfigFor('it-tuning', { rank: 4, alpha: 2 }, tok), 'test');
      method.apply(model, config, { kind: 'causal-lm' });
      // move the vectors off their identity initialisation so that a wrong edit plan changes the tokens
      for (const p of model.params.all().filter((x) => x.owner === 'it-tuning')) {
        const v = p.variable;
        v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 0.3, 'float32', 11)));
      }
      const [prompt] = e2eEncode([{ mr: 'name[The Olive Tree], eatType[pub], area[riverside]', idx: 0 }], tok, { mrFormat: 'table', eosId: eos });
      const out = generate(model, { inputIds: [prompt.inputIds] }, { maxNewTokens: 8, eosTokenId: null, padTokenId: eos });
      const gen = out.newTokens[0];
      expect(gen).toHaveLength(8);
      // training layout: source | target (the method inserts its 4 tokens before the first target position)
      const ids = [...prompt.inputIds, ...gen];
      const kinds = [...prompt.inputIds.map(() => TokenKind.source), ...gen.map(() => TokenKind.target)];
      const argmax = tf.tidy(() => {
        const r = model.forward({ inputIds: [ids], attentionMask: [ids.map(() => 1)], tokenKinds: [kinds] }, { training: false });
        expect(r.logits!.shape[1]).toBe(ids.length + 4);
        return Array.from(r.logits!.argMax(-1).dataSync());
      });
      // logits at the last info token predict gen[0]; at target position j, gen[j + 1]
      const S = prompt.inputIds.length;
      const predicted = [argmax[S + 3], ...gen.slice(0, -1).map((_, j) => argmax[S + 4 + j])];
      expect(predicted).toEqual(gen);
    } finally {
      model.dispose();
    }
  });
});

describe('micro E2E sweep through the CLI', () => {
  test('micro-gpt2 × (LoRA, IT-Tuning): result files with all five metrics, and the table', () => {
    const dir = tempDir();
    const sweepFile = writeFile(dir, 'micro-e2e.yaml', `name: micro-e2e
family: e2e
model: pretrain:micro-gpt2
data: demo
protocol: dev
tasks: [e2e]
seeds: [1]
hyper:
  learningRate: 1.0e-2
  batchSize: 8
  epochs: 1
  maxSteps: 6
  evalEvery: 3
  maxLength: 40
  warmupRatio: 0.1
  weightDecay: 0
  evalLimit: 8
  extra: {numBeams: 2, maxNewTokens: 12, genBatchSize: 4}
methods:
  - name: lora
    config: {r: 2, lora_alpha: 4}
  - name: it-tuning
    config: {rank: 2, alpha: 2}
`);
    const r = tsxRun(experimentsCli, ['e2e', '--sweep', sweepFile, '--results', join(dir, 'results'), '--reports', join(dir, 'reports'), '--workers', '2'], { PEFTBENCH_CACHE: cache });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = join(dir, 'results', 'micro-e2e');
    const files = readdirSync(out).filter((f) => f.endsWith('.json') && !f.startsWith('_'));
    expect(files.map((f) => f.split('-')[1]).sort()).toEqual(['ittuning', 'lora']);
    for (const f of files) {
      const rec = readRecord(join(out, f), f.slice(0, -5));
      if ('corrupt' in rec) throw new Error(`${f}: ${rec.corrupt}`);
      expect(rec.result.status).toBe('ok');
      expect(rec.result.best!.metric).toBe('loss');
      expect(rec.result.evals.map((e) => e.step)).toEqual([3, 6]);
      const m = rec.result.best!.testMetrics!;
      for (const k of E2E_METRICS) {
        expect(typeof m[k]).toBe('number');
        expect(Number.isFinite(m[k])).toBe(true);
        expect(m[k]).toBeGreaterThanOrEqual(0);
      }
      expect(m.bleu).toBeLessThanOrEqual(1);
      expect(rec.result.backend.versions.model).toBe(modelDir.split('/').pop());
      // IT-Tuning R=2 on a 1-layer d=32 model: 3·(R+1)·d = 288; LoRA r=2 on c_attn: 2·(32 + 96) = 256
      expect(rec.result.trainableParams).toBe(rec.spec.method === 'it-tuning' ? 288 : 256);
    }
    // the reports build IT-Tuning Table 2's and RED Table 2's layouts (rows labelled by the method packages)
    expect(r.stdout).toContain('# IT-Tuning (Kim & Kim, RepL4NLP 2024) Table 2, E2E NLG layout — demo data');
    expect(r.stdout).toMatch(/\| \*\*LoRA\*\* \| measured \| 256 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
    expect(r.stdout).toMatch(/\| \*\*IT-Tuning\*\* \| measured \| 288 \|/);
    // the paper's GPT-2 large row, as printed (IT-Tuning Table 2), from the repo's own copy of the tables
    expect(r.stdout).toContain('| | paper (GPT-2 L (LoRA)†, GPT-2 large) | 0.77M | 70.4 | 8.89 | 46.8 | 72.0 | 2.47 |');
    expect(existsSync(join(dir, 'reports', 'micro-e2e-it-tuning-table2.md'))).toBe(true);
    expect(existsSync(join(dir, 'reports', 'micro-e2e-red-table2.md'))).toBe(true);
  });
});
