/**
 * P-tuning v1 on tiny models built here (no ../shared): the prompt encoders (bidirectional LSTM + MLP, and the MLP)
 * equal a float64 reference of torch's LSTM / Linear equations; the forward equals a hand-written GPT-2 fed the
 * encoder output as input embeddings; only the encoder (and head) trains; generation is row- and cache-independent;
 * HF PEFT P_TUNING files round-trip bit for bit; bad input names the field.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { ADAPTER_CONFIG, ADAPTER_WEIGHTS, parseMethodConfig, saveAdapter, train, type Batch, type PreTrainedModel } from '@peftbench/core';
import { initBackendForTests } from '@peftbench/core/testing';
import { checkGeneration, gpt2Reference, maxDiff, tinyGpt2, tinyRoberta } from '@peftbench/method-prefix-tuning/testing';
import { checkHfPeftConfig } from '@peftbench/method-lora';
import { InputError } from '@peftbench/util';
import { loadPTuningAdapter, method, type PTuningConfig } from './index.ts';

beforeAll(initBackendForTests);

const cfg = (raw: Record<string, unknown> = {}): PTuningConfig => parseMethodConfig(method, raw);
const LM = { kind: 'causal-lm' as const };
const CLS = { kind: 'sequence-classification' as const, numLabels: 2 };
const logits = (m: PreTrainedModel, ids: number[][]) => tf.tidy(() => m.forward({ inputIds: ids, attentionMask: ids.map((r) => r.map(() => 1)) }).logits!.arraySync()) as number[][][];

// ---- float64 reference of torch.nn.LSTM (bidirectional) / Linear, from the HF-layout parameters ----
type Mat = number[][];
const hfMat = (m: PreTrainedModel, n: string): Mat => m.params.hfValue(n).arraySync() as Mat;
const hfVec = (m: PreTrainedModel, n: string): number[] => Array.from(m.params.hfValue(n).dataSync());
const linearRef = (x: Mat, w: Mat, b: number[]) => x.map((row) => w.map((wr, o) => b[o] + wr.reduce((s, wi, i) => s + wi * row[i], 0)));
const sig = (z: number) => 1 / (1 + Math.exp(-z));
function lstmRef(x: Mat, wih: Mat, whh: Mat, bih: number[], bhh: number[], reverse: boolean): Mat {
  const H = whh[0].length;
  let h = new Array(H).fill(0);
  let c = new Array(H).fill(0);
  const out: Mat = new Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const t = reverse ? x.length - 1 - k : k;
    const g = wih.map((wr, o) => bih[o] + bhh[o] + wr.reduce((s, w, i) => s + w * x[t][i], 0) + whh[o].reduce((s, w, i) => s + w * h[i], 0));
    c = c.map((cv, j) => sig(g[H + j]) * cv + sig(g[j]) * Math.tanh(g[2 * H + j]));
    h = c.map((cv, j) => sig(g[3 * H + j]) * Math.tanh(cv));
    out[t] = h;
  }
  return out;
}
function encoderRef(m: PreTrainedModel, c: PTuningConfig): Mat {
  let x = hfMat(m, 'ptuning.embedding.weight');
  const relu = (z: Mat) => z.map((r) => r.map((v) => Math.max(0, v)));
  const lin = (z: Mat, n: string) => linearRef(z, hfMat(m, `ptuning.${n}.weight`), hfVec(m, `ptuning.${n}.bias`));
  if (c.encoderReparameterizationType === 'MLP') return lin(relu(lin(relu(lin(x, 'mlp_head.0')), 'mlp_head.2')), 'mlp_head.4');
  for (let l = 0; l < c.encoderNumLayers; l++) {
    const pass = (sfx: string, rev: boolean) =>
      lstmRef(x, hfMat(m, `ptuning.lstm_head.weight_ih_l${l}${sfx}`), hfMat(m, `ptuning.lstm_head.weight_hh_l${l}${sfx}`), hfVec(m, `ptuning.lstm_head.bias_ih_l${l}${sfx}`), hfVec(m, `ptuning.lstm_head.bias_hh_l${l}${sfx}`), rev);
    const f = pass('', false);
    const b = pass('_reverse', true);
    x = f.map((r, t) => [...r, ...b[t]]);
  }
  return lin(relu(lin(x, 'mlp_head.0')), 'mlp_head.2');
}

describe('config', () => {
  test('defaults (the paper: LSTM encoder); invalid values name the key; position budget', () => {
    expect(cfg()).toEqual({ numVirtualTokens: 20, encoderReparameterizationType: 'LSTM', encoderHiddenSize: null, encoderNumLayers: 2, encoderDropout: 0, inferenceMode: false });
    expect(() => cfg({ numVirtualTokens: 0 })).toThrow("method 'p-tuning' config [numVirtualTokens]");
    expect(() => cfg({ encoderReparameterizationType: 'GRU' })).toThrow('[encoderReparameterizationType]');
    expect(() => cfg({ encoderDropout: 1 })).toThrow(InputError);
    expect(() => method.apply(tinyGpt2(), cfg({ numVirtualTokens: 40 }), LM)).toThrow(/\[numVirtualTokens\]: 40 virtual tokens take every position of config.json \[n_positions\]/);
  });
});

describe('prompt encoder and forward', () => {
  for (const raw of [{ numVirtualTokens: 4, encoderHiddenSize: 6 }, { numVirtualTokens: 3, encoderHiddenSize: 5, encoderNumLayers: 1 }, { numVirtualTokens: 4, encoderReparameterizationType: 'MLP', encoderHiddenSize: 7 }]) {
    test(`${JSON.stringify(raw)}: saved output = float64 reference of torch's equations; logits = hand-written GPT-2 fed it`, () => {
      const m = tinyGpt2();
      const c = cfg(raw);
      const applied = method.apply(m, c, LM);
      const saved = applied.adapterTensors().get('prompt_embeddings')!;
      const expected = encoderRef(m, c);
      expect(saved.shape).toEqual([c.numVirtualTokens, 16]);
      expect(maxDiff(saved.arraySync() as Mat, expected)).toBeLessThan(1e-5);
      const ids = [5, 6, 7];
      const rows = expected.map((r) => tf.keep(tf.tensor1d(r)));
      const ref = gpt2Reference(m, [...expected.map(() => 0), ...ids], { inputsEmbeds: [...rows, ...ids.map(() => null)] });
      expect(maxDiff(logits(m, [ids])[0], ref)).toBeLessThan(1e-4);
    });
  }
});

describe('training', () => {
  test('only the encoder changes (causal LM); encoder + head (classification); counts = registry', async () => {
    const m = tinyGpt2();
    const c = cfg({ numVirtualTokens: 3, encoderHiddenSize: 4 });
    const applied = method.apply(m, c, LM);
    expect(method.countTrainable(m.config, c, LM)).toBe(m.params.countTrainable());
    const snapshot = new Map(m.params.all().map((p) => [p.name, Array.from(p.variable.dataSync())]));
    const batch: Batch = { inputIds: [[4, 5, 6, 7, 8]], attentionMask: [[1, 1, 1, 1, 1]], labels: [[4, 5, 6, 7, 8]] };
    const result = await train({ model: m, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 6, learningRate: 0.02, seed: 1, schedule: { kind: 'constant' } });
    expect(result.losses[result.losses.length - 1]).toBeLessThan(result.losses[0]);
    for (const p of m.params.all()) expect(maxDiff([snapshot.get(p.name)!], [Array.from(p.variable.dataSync())]) > 0, p.name).toBe(p.name.startsWith('ptuning.'));
    for (const raw of [{}, { encoderReparameterizationType: 'MLP' }, { encoderNumLayers: 3, encoderHiddenSize: 8 }]) {
      const r = tinyRoberta();
      const rc = cfg({ numVirtualTokens: 5, ...raw });
      method.apply(r, rc, CLS);
      expect(method.countTrainable(r.config, rc, CLS)).toBe(r.params.countTrainable());
      for (const p of r.params.all()) expect(p.trainable, p.name).toBe(p.owner === 'p-tuning' || p.name.startsWith('classifier.'));
    }
  });
});

describe('generation', () => {
  test('left-padded greedy and beam: each row as alone, cached = uncached', () => {
    const m = tinyGpt2(5);
    method.apply(m, cfg({ numVirtualTokens: 3, encoderHiddenSize: 6 }), LM);
    checkGeneration(m, [[5, 6, 7, 8, 9], [10, 11], [12, 13, 14]]);
  });
});

describe('files', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'ptuning-'));
  test('HF PEFT layout; save → load → save bit-identical, same logits (GPT-2 LSTM, RoBERTa MLP + head)', () => {
    for (const [make, task, raw] of [
      [() => tinyGpt2(), LM, { numVirtualTokens: 3, encoderHiddenSize: 6 }],
      [() => tinyRoberta(), CLS, { numVirtualTokens: 2, encoderReparameterizationType: 'MLP' }],
    ] as const) {
      const a = make();
      const applied = method.apply(a, cfg(raw), task);
      const dir = tmp();
      saveAdapter(dir, applied);
      const written = JSON.parse(readFileSync(join(dir, ADAPTER_CONFIG), 'utf8'));
      expect(Object.keys(written)).toEqual([
        'auto_mapping', 'base_model_name_or_path', 'encoder_dropout', 'encoder_hidden_size', 'encoder_num_layers', 'encoder_reparameterization_type', 'inference_mode',
        'num_attention_heads', 'num_layers', 'num_transformer_submodules', 'num_virtual_tokens', 'peft_type', 'revision', 'task_type', 'token_dim',
      ]);
      expect(written).toMatchObject({ peft_type: 'P_TUNING', num_virtual_tokens: raw.numVirtualTokens, token_dim: 16 });
      checkHfPeftConfig(written, 'P_TUNING'); // only fields every supported HF PEFT version (0.7.1 on) accepts
      const b = make();
      const { applied: loaded } = loadPTuningAdapter(dir, b, task);
      const input = [[0, 5, 6, 7, 2]];
      expect(maxDiff([logits(b, input).flat(2) as number[]], [logits(a, input).flat(2) as number[]])).toBeLessThan(1e-6);
      expect(b.params.countTrainable()).toBe(raw.numVirtualTokens * 16 + (task === CLS ? 16 * 16 + 16 + 2 * 16 + 2 : 0));
      const dir2 = tmp();
      saveAdapter(dir2, loaded);
      for (const f of [ADAPTER_CONFIG, ADAPTER_WEIGHTS]) expect(readFileSync(join(dir2, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
    }
  });
  test('mismatched adapters name the field or tensor', () => {
    const dir = tmp();
    saveAdapter(dir, method.apply(tinyGpt2(), cfg({ numVirtualTokens: 3, encoderReparameterizationType: 'MLP' }), LM));
    const conf = JSON.parse(readFileSync(join(dir, ADAPTER_CONFIG), 'utf8'));
    const write = (c: Record<string, unknown>) => writeFileSync(join(dir, ADAPTER_CONFIG), JSON.stringify(c));
    write({ ...conf, peft_type: 'PROMPT_TUNING' });
    expect(() => loadPTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/\[peft_type\]: 'PROMPT_TUNING', this loader reads P_TUNING/);
    write({ ...conf, encoder_reparameterization_type: 'GRU' });
    expect(() => loadPTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/\[encoder_reparameterization_type\]: 'GRU'/);
    write({ ...conf, num_virtual_tokens: 2 });
    expect(() => loadPTuningAdapter(dir, tinyGpt2(), LM)).toThrow(/\[prompt_embeddings\]: shape \[3,16\] does not match \[2,16\]/);
  });
});
