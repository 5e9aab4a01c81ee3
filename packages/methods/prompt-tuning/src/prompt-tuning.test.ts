/**
 * Prompt tuning on tiny models built here (no ../shared): the forward equals a hand-written GPT-2 fed the prompt as
 * input embeddings at positions 0..P-1; a prompt initialised from tokens equals feeding those tokens (encoder and
 * decoder); only the prompt (and head) train; left-padded batched generation = each row alone, cached = uncached;
 * HF PEFT PROMPT_TUNING files round-trip bit for bit; bad input names the field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ADAPTER_CONFIG, ADAPTER_WEIGHTS, parseMethodConfig, saveAdapter, train, TokenKind, type Batch, type PreTrainedModel } from '@peftbench/core';
import { initBackendForTests } from '@peftbench/core/testing';
import { checkGeneration, gpt2Reference, maxDiff, tinyGpt2, tinyRoberta } from '@peftbench/method-prefix-tuning/testing';
import { checkHfPeftConfig } from '@peftbench/method-lora';
import { InputError } from '@peftbench/util';
import { loadPromptTuningAdapter, method, prependVirtualTokens, type PromptTuningConfig } from './index.ts';

beforeAll(initBackendForTests);

const cfg = (raw: Record<string, unknown> = {}): PromptTuningConfig => parseMethodConfig(method, raw);
const LM = { kind: 'causal-lm' as const };
const CLS = { kind: 'sequence-classification' as const, numLabels: 2 };
const logits = (m: PreTrainedModel, ids: number[][], mask?: number[][]) =>
  tf.tidy(() => m.forward({ inputIds: ids, attentionMask: mask ?? ids.map((r) => r.map(() => 1)) }).logits!.arraySync()) as number[][][];

describe('config', () => {
  test("Lester's defaults; invalid values name the key", () => {
    expect(cfg()).toMatchObject({ numVirtualTokens: 100, init: 'vocab', vocabSampleSize: 5000 });
    expect(() => cfg({ numVirtualTokens: 0 })).toThrow("method 'prompt-tuning' config [numVirtualTokens]");
    expect(() => cfg({ init: 'labels' })).toThrow('[init]');
    expect(() => cfg({ promptLength: 3 })).toThrow(InputError);
  });
  test('init text longer than the prompt, unresolved text, prompt beyond the position budget', () => {
    expect(() => method.apply(tinyGpt2(), cfg({ numVirtualTokens: 2, init: 'text', initText: 'a b c', initTokenIds: [4, 5, 6] }), LM)).toThrow(
      "method 'prompt-tuning' config [initText]: the init text is 3 tokens, longer than the prompt (numVirtualTokens 2)",
    );
    expect(() => method.apply(tinyGpt2(), cfg({ numVirtualTokens: 2, init: 'text', initText: 'a b' }), LM)).toThrow(/\[initTokenIds\].*not resolved/);
    expect(() => method.apply(tinyGpt2(), cfg({ numVirtualTokens: 40 }), LM)).toThrow(/\[numVirtualTokens\]: 40 virtual tokens take every position of config.json \[n_positions\]/);
  });
});

describe('input transform', () => {
  test('P positions in front of every row (before left padding), mask 1, type 0, label -100, kind inserted; idempotent', () => {
    const out = prependVirtualTokens({ inputIds: [[0, 0, 5], [6, 7, 8]], attentionMask: [[0, 0, 1], [1, 1, 1]], tokenTypeIds: [[0, 0, 1], [1, 1, 1]], labels: [[-100, -100, 5], [6, 7, 8]] }, 2, 9);
    expect(out.inputIds).toEqual([[9, 9, 0, 0, 5], [9, 9, 6, 7, 8]]);
    expect(out.attentionMask).toEqual([[1, 1, 0, 0, 1], [1, 1, 1, 1, 1]]);
    expect(out.tokenTypeIds).toEqual([[0, 0, 0, 0, 1], [0, 0, 1, 1, 1]]);
    expect(out.labels).toEqual([[-100, -100, -100, -100, 5], [-100, -100, 6, 7, 8]]);
    expect(out.tokenKinds![0].slice(0, 2)).toEqual([TokenKind.inserted, TokenKind.inserted]);
    expect(prependVirtualTokens(out, 2, 9)).toBe(out);
    expect(prependVirtualTokens({ inputIds: [[1]], attentionMask: [[1]], labels: [1] }, 2, 9).labels).toEqual([1]); // per-sequence labels unchanged
  });
});

describe('forward', () => {
  test('GPT-2 logits equal a hand-written GPT-2 fed [prompt ; tokens] as input embeddings from position 0', () => {
    const m = tinyGpt2();
    method.apply(m, cfg({ numVirtualTokens: 3, init: 'random' }), LM);
    const prompt = m.params.get('prompt.embedding.weight').variable;
    const ids = [5, 6, 7, 8];
    const actual = logits(m, [ids])[0];
    expect(actual.length).toBe(3 + 4); // one position per virtual token in front, as HF returns
    const rows = [0, 1, 2].map((i) => tf.keep(tf.reshape(tf.slice(prompt, [i, 0], [1, 16]), [16]) as tf.Tensor1D));
    const expected = gpt2Reference(m, [0, 0, 0, ...ids], { inputsEmbeds: [...rows, null, null, null, null] });
    expect(maxDiff(actual, expected)).toBeLessThan(1e-4);
  });

  test('a prompt initialised from tokens equals feeding those tokens (GPT-2 and RoBERTa)', () => {
    const g = tinyGpt2();
    const plainG = tinyGpt2();
    method.apply(g, cfg({ numVirtualTokens: 3, init: 'text', initText: 'x', initTokenIds: [11, 12, 13] }), LM);
    expect(maxDiff(logits(g, [[5, 6]])[0], logits(plainG, [[11, 12, 13, 5, 6]])[0])).toBeLessThan(1e-5);
    const r = tinyRoberta();
    const plainR = tinyRoberta();
    method.apply(r, cfg({ numVirtualTokens: 4, init: 'text', initText: 'x', initTokenIds: [11, 12] }), CLS); // repeated to fill: 11 12 11 12
    const a = logits(r, [[0, 5, 6, 2, 1]], [[1, 1, 1, 1, 0]]) as unknown as number[][];
    const b = logits(plainR, [[11, 12, 11, 12, 0, 5, 6, 2]]) as unknown as number[][];
    expect(maxDiff(a, b)).toBeLessThan(1e-5);
    expect(maxDiff(a, logits(plainR, [[0, 5, 6, 2]]) as unknown as number[][])).toBeGreaterThan(1e-4);
  });

  test("init 'vocab': each prompt row is the embedding of a token among the first vocabSampleSize ids; 'random' within ±0.5", () => {
    const m = tinyGpt2();
    method.apply(m, cfg({ numVirtualTokens: 6, init: 'vocab', vocabSampleSize: 10 }), LM);
    const prompt = m.params.get('prompt.embedding.weight').variable.arraySync() as number[][];
    const wte = m.params.get('transformer.wte.weight').variable.arraySync() as number[][];
    for (const row of prompt) expect(wte.slice(0, 10).some((e) => maxDiff([e], [row]) === 0)).toBe(true);
    const r = tinyGpt2();
    method.apply(r, cfg({ numVirtualTokens: 6, init: 'random' }), LM);
    const values = r.params.get('prompt.embedding.weight').variable.dataSync();
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.5);
  });
});

describe('training', () => {
  test('only the prompt changes (causal LM); prompt + head (classification); counts = registry', async () => {
    const m = tinyGpt2();
    const c = cfg({ numVirtualTokens: 3, init: 'random' });
    const applied = method.apply(m, c, LM);
    expect(method.countTrainable(m.config, c, LM)).toBe(m.params.countTrainable());
    expect(m.params.countTrainable()).toBe(3 * 16);
    const snapshot = new Map(m.params.all().map((p) => [p.name, Array.from(p.variable.dataSync())]));
    const batch: Batch = { inputIds: [[4, 5, 6, 7, 8]], attentionMask: [[1, 1, 1, 1, 1]], labels: [[4, 5, 6, 7, 8]] };
    const result = await train({ model: m, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 8, learningRate: 0.05, seed: 1, schedule: { kind: 'constant' } });
    expect(result.losses[result.losses.length - 1]).toBeLessThan(result.losses[0]);
    for (const p of m.params.all()) expect(maxDiff([snapshot.get(p.name)!], [Array.from(p.variable.dataSync())]) > 0, p.name).toBe(p.name === 'prompt.embedding.weight');
    const r = tinyRoberta();
    const rc = cfg({ numVirtualTokens: 5 });
    method.apply(r, rc, CLS);
    expect(method.countTrainable(r.config, rc, CLS)).toBe(r.params.countTrainable());
    for (const p of r.params.all()) expect(p.trainable, p.name).toBe(p.owner === 'prompt-tuning' || p.name.startsWith('classifier.'));
  });
});

describe('generation', () => {
  test('left-padded greedy and beam with a prompt: each row as alone, cached = uncached', () => {
    const m = tinyGpt2(5);
    method.apply(m, cfg({ numVirtualTokens: 3, init: 'random' }), LM);
    checkGeneration(m, [[5, 6, 7, 8, 9], [10, 11], [12, 13, 14]]);
  });
});

describe('files', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'prompt-'));
  test('HF PEFT layout; save → load → save bit-identical with the same logits (GPT-2 text init, RoBERTa with head)', () => {
    for (const [make, task, raw] of [
      [() => tinyGpt2(), LM, { numVirtualTokens: 3, init: 'text', initText: 'hello', initTokenIds: [7], tokenizerNameOrPath: 'gpt2' }],
      [() => tinyRoberta(), CLS, { numVirtualTokens: 2 }],
    ] as const) {
      const a = make();
      const applied = method.apply(a, cfg(raw), task);
      const dir = tmp();
      saveAdapter(dir, applied);
      const written = JSON.parse(readFileSync(join(dir, ADAPTER_CONFIG), 'utf8'));
      expect(Object.keys(written)).toEqual([
        'auto_mapping', 'base_model_name_or_path', 'inference_mode', 'num_attention_heads', 'num_layers', 'num_transformer_submodules', 'num_virtual_tokens',
        'peft_type', 'prompt_tuning_init', 'prompt_tuning_init_text', 'revision', 'task_type', 'token_dim', 'tokenizer_kwargs', 'tokenizer_name_or_path',
      ]);
      expect(written).toMatchObject({ peft_type: 'PROMPT_TUNING', num_virtual_tokens: raw.numVirtualTokens, token_dim: 16 });
      checkHfPeftConfig(written, 'PROMPT_TUNING'); // only fields every supported HF PEFT version (0.7.1 on) accepts
      const b = make();
      const { applied: loaded } = loadPromptTuningAdapter(dir, b, task);
      const input = [[0, 5, 6, 7, 2]];
      expect(maxDiff([logits(b, input).flat(2) as number[]], [logits(a, input).flat(2) as number[]])).toBe(0);
      const dir2 = tmp();
      saveAdapter(dir2, loaded);
      for (const f of [ADAPTER_CONFIG, ADAPTER_WEIGHTS]) expect(readFileSync(join(dir2, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
    }
  });
  test('mismatched adapters name the field or tensor', () => {
    const dir = tmp();
    saveAdapter(dir, method.apply(tinyGpt2(), cfg({ numVirtualTokens: 3, init: 'random' }), LM));
    const conf = JSON.parse(readFileSync(join(dir, ADAPTER_CONFIG), 'utf8'));
    const write = (c: Record<string, unknown>) => writeFileSync(join(dir, ADAPTER_CONFIG), JSON.stringify(c));
    write({ ...conf, peft_type: 'PREFIX_TUNING' });
    expect(() => loadPromptTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/\[peft_type\]: 'PREFIX_TUNING', this loader reads PROMPT_TUNING/);
    write({ ...conf, token_dim: 32 });
    expect(() => loadPromptTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/\[token_dim\]: 32, the model has 16/);
    write({ ...conf, num_virtual_tokens: 5 });
    expect(() => loadPromptTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/\[prompt_embeddings\]: shape \[3,16\] does not match \[5,16\]/);
  });
});
