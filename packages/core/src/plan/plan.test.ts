import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { writeSafetensors } from '@peftbench/safetensors';
import { InputError } from '@peftbench/util';
import { createModel, loadModel, parseHfConfig, readHfConfig, type PreTrainedModel, type TaskKind } from '../models/index.ts';
import { initBackendForTests, tinyEncoderConfig, toyBatches } from '../testing.ts';
import { computeLoss, type Batch } from '../train/losses.ts';
import { gradientsOf } from '../train/trainer.ts';
import { gradientsInMicroBatches, splitBatch } from '../train/micro-batch.ts';
import { setBackendFixes } from '../backend/fixes.ts';
import type { PeftMethod } from '../method.ts';
import { checkMemoryPlan, chooseMicroBatch, describePlan, modelDims, planMemory, planRunMemory, trackBufferBytes } from './index.ts';

beforeAll(initBackendForTests);

const CONFIGS = fileURLToPath(new URL('../../configs/', import.meta.url));
const real = (name: string) => readHfConfig(join(CONFIGS, name, 'config.json'));

const gpt2 = (o: Record<string, unknown> = {}) => ({ model_type: 'gpt2', vocab_size: 50, n_positions: 40, n_embd: 24, n_layer: 2, n_head: 3, n_inner: null, activation_function: 'gelu_new', resid_pdrop: 0, embd_pdrop: 0, attn_pdrop: 0, layer_norm_epsilon: 1e-5, ...o });
const llama = (o: Record<string, unknown> = {}) => ({ model_type: 'llama', vocab_size: 50, hidden_size: 24, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 40, rms_norm_eps: 1e-6, hidden_act: 'silu', tie_word_embeddings: false, ...o });

function countParams(model: PreTrainedModel): number {
  return model.params.all().reduce((s, p) => s + p.variable.size, 0);
}

describe('parameter counts from config.json', () => {
  const cases: [string, Record<string, unknown> & { model_type: string }, TaskKind, number][] = [
    ['roberta seq-cls', tinyEncoderConfig(), 'sequence-classification', 2],
    ['roberta 3 labels', tinyEncoderConfig(), 'sequence-classification', 3],
    ['bert seq-cls (pooler)', tinyEncoderConfig({ model_type: 'bert', type_vocab_size: 2 }), 'sequence-classification', 2],
    ['roberta token-cls', tinyEncoderConfig(), 'token-classification', 5],
    ['roberta masked-lm', tinyEncoderConfig(), 'masked-lm', 2],
    ['gpt2 causal-lm (tied)', gpt2(), 'causal-lm', 2],
    ['llama causal-lm (untied, GQA)', llama(), 'causal-lm', 2],
    ['llama tied', llama({ tie_word_embeddings: true }), 'causal-lm', 2],
  ];
  for (const [label, cfg, task, numLabels] of cases) {
    test(`${label}: equals the built model's parameter count`, () => {
      const model = createModel(parseHfConfig(cfg), task, { seed: 0, numLabels });
      expect(modelDims(parseHfConfig(cfg), { kind: task, numLabels }).parameters).toBe(countParams(model));
      model.dispose();
    });
  }
  test("the papers' checkpoints: published totals", () => {
    expect(modelDims(real('gpt2-medium'), { kind: 'causal-lm' }).parameters).toBe(354_823_168);
    expect(modelDims(real('gpt2-large'), { kind: 'causal-lm' }).parameters).toBe(774_030_080);
    expect(modelDims(real('llama-2-7b'), { kind: 'causal-lm' }).parameters).toBe(6_738_415_616);
    // RoBERTa-large with a 2-class head: 355.4M (HF RobertaForSequenceClassification)
    expect(modelDims(real('roberta-large'), { kind: 'sequence-classification', numLabels: 2 }).parameters).toBe(355_361_794);
    expect(Math.abs(modelDims(real('t5-base'), { kind: 'causal-lm' }).parameters - 222_903_552) / 222_903_552).toBeLessThan(0.01);
  });
  test('unknown model_type and missing keys are refused with file and key', () => {
    expect(() => modelDims({ model_type: 'mamba' }, { kind: 'bare' }, 'x/config.json')).toThrow(/x\/config.json \[model_type\]: 'mamba'/);
    expect(() => modelDims({ model_type: 'gpt2', n_embd: 8 }, { kind: 'bare' }, 'y/config.json')).toThrow(/y\/config.json \[n_layer\]/);
  });
});

describe('plan totals', () => {
  test('hand-computed: frozen encoder without recomputation', () => {
    const cfg = parseHfConfig(tinyEncoderConfig()); // D 16, L 2, H 2, F 32, V 40, positions 34, 1 token type
    const P = 40 * 16 + 34 * 16 + 16 + 2 * 16 + 2 * (4 * (16 * 16 + 16) + 2 * 16 + (16 * 32 + 32) + (32 * 16 + 16) + 2 * 16) + (16 * 16 + 16 + 16 * 2 + 2);
    const plan = planMemory({ config: cfg, task: { kind: 'sequence-classification', numLabels: 2 }, trainable: 100, batchSize: 4, seqLen: 8, backend: 'wasm' });
    const N = 32;
    // ×1.2: frozen, no recomputation; L = 2 × the stack terms + one layer's N·D term (coefficients refitted in issue 20)
    const act = 1.2 * 4 * (2 * (37.57 * N * 16 + 5 * N * 32 + 9.12 * 4 * 2 * 64) + 9.65 * N * 16);
    expect(plan.bytes.weights).toBe(4 * P);
    expect(plan.bytes.optimizer).toBe(800);
    expect(plan.bytes.bestCopy).toBe(400);
    expect(plan.bytes.gradients).toBe(400);
    expect(plan.bytes.activations).toBeCloseTo(act, 6);
    expect(plan.bytes.backendOverhead).toBe(4 * P); // wasm: XNNPACK's packed weights
    expect(plan.peakBytes).toBeCloseTo(8 * P + 1600 + act, 6);
    expect(planMemory({ config: cfg, task: { kind: 'sequence-classification', numLabels: 2 }, trainable: 100, batchSize: 4, seqLen: 8, backend: 'cpu' }).bytes.backendOverhead).toBe(0);
    expect(plan.limitBytes).toBe(Math.floor(0.9 * 4294901760)); // 10% of the heap kept free
    expect(plan.limitSource).toMatch(/^wasm heap ceiling 4 GiB less 10% kept free for allocator fragmentation/);
    expect(plan.fits).toBe(true);
  });

  test('wasm weight packs: per product for a frozen backbone only when kept packs do not fit (hand-computed)', () => {
    const cfg = real('gpt2-large'); // D 1280, V 50257, F 4·D
    const base = { config: cfg, task: { kind: 'causal-lm' as const }, trainable: 1_000_000, batchSize: 1, seqLen: 128, gradientCheckpointing: true, backend: 'wasm' as const, keepBest: false };
    const kept = planMemory({ ...base, weightPacks: 'kept' });
    expect(kept.weightPacks).toBe('kept');
    expect(kept.fits).toBe(false); // weights 2.9 GiB + their packed copy 2.9 GiB
    const auto = planMemory(base);
    const V = 50257, D = 1280;
    expect(auto.weightPacks).toBe('per-product');
    expect(auto.fits).toBe(true);
    const block = 64 * 2 ** 20; // the LM head (4·V·D = 257 MB) is packed in blocks of ≤ 64 MiB
    expect(auto.bytes.backendOverhead).toBe(4 * 1_000_000 + block); // trainable packs + one block packed during its product
    expect(auto.bytes.activations - kept.bytes.activations).toBeCloseTo(2 * block + 4 * 128 * V, 0); // the block's slice + transpose, the logits' concatenation
    expect(auto.peakBytes).toBeLessThan(kept.peakBytes - 2 ** 31);
    // what fits kept stays kept (fastest); full fine-tuning never releases (its weights train); other backends have no packs
    expect(planMemory({ ...base, config: real('gpt2-medium'), seqLen: 32, weightPacks: undefined }).weightPacks).toBe('kept');
    expect(planMemory({ ...base, trainable: { fraction: 1 } }).weightPacks).toBe('kept');
    const cpu = planMemory({ ...base, backend: 'cpu' });
    expect(cpu.weightPacks).toBeNull();
    expect(cpu.bytes.backendOverhead).toBe(0);
    expect(describePlan(auto)).toMatch(/wasm packed weights .* \(frozen weights packed per product\)/);
  });

  test('a trainable fraction, micro-batches and recomputation shrink what they should', () => {
    const cfg = real('roberta-large');
    const base = { config: cfg, task: { kind: 'sequence-classification' as const, numLabels: 2 }, batchSize: 16, seqLen: 128, backend: 'wasm' as const };
    const full = planMemory({ ...base, trainable: { fraction: 1 } });
    expect(full.trainable).toBe(full.dims.parameters);
    expect(full.bytes.optimizer).toBe(8 * full.dims.parameters);
    // RoBERTa-large FT: weights + grads + moments alone ≈ 5.7 GB (issue 20) — over the wasm heap
    expect(full.bytes.weights + full.bytes.gradients + full.bytes.optimizer).toBeGreaterThan(5.6e9);
    expect(full.fits).toBe(false);
    const lora = planMemory({ ...base, trainable: 800_000 });
    const half = planMemory({ ...base, trainable: 800_000, microBatch: 8 });
    const ckpt = planMemory({ ...base, trainable: 800_000, gradientCheckpointing: true });
    expect(half.bytes.activations).toBeCloseTo(lora.bytes.activations / 2, 0);
    expect(ckpt.bytes.activations).toBeLessThan(lora.bytes.activations / 4);
    expect(half.bytes.weights).toBe(lora.bytes.weights);
  });
});

describe('the estimate against measured training steps (wasm buffers)', () => {
  // sizes outside the calibration grid (plan.ts comment)
  const cases: [string, Record<string, unknown> & { model_type: string }, TaskKind, boolean, boolean][] = [];
  const enc = tinyEncoderConfig({ hidden_size: 192, intermediate_size: 768, num_attention_heads: 6, num_hidden_layers: 3, vocab_size: 500, max_position_embeddings: 80 });
  const dec = gpt2({ n_embd: 160, n_head: 5, n_layer: 3, vocab_size: 600, n_positions: 80 });
  for (const frozen of [false, true]) for (const ckpt of [false, true]) {
    cases.push([`encoder ${frozen ? 'frozen' : 'full FT'}${ckpt ? ' + recomputation' : ''}`, enc, 'sequence-classification', frozen, ckpt]);
    cases.push([`GPT-2 ${frozen ? 'frozen' : 'full FT'}${ckpt ? ' + recomputation' : ''}`, dec, 'causal-lm', frozen, ckpt]);
  }
  for (const [label, cfg, task, frozen, ckpt] of cases) {
    test(`${label}: within 25% of the measured step peak`, () => {
      const model = createModel(parseHfConfig(cfg), task, { seed: 0 });
      model.gradientCheckpointing = ckpt;
      if (frozen) {
        model.params.setTrainable((p) => p.owner === 'base', false);
        model.params.setTrainable((p) => /\.(query|value)\.bias$|c_attn\.bias$/.test(p.name), true);
      }
      const B = 4, T = 48;
      const ids = Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => 3 + ((b * 11 + t * 7) % 400)));
      const batch = { inputIds: ids, attentionMask: ids.map((r) => r.map(() => 1)), labels: task === 'causal-lm' ? ids : ids.map((_, b) => b % 2) } as unknown as Batch;
      const names = model.params.trainable().map((p) => p.name);
      const trainable = model.params.trainable().reduce((s, p) => s + p.variable.size, 0);
      gradientsOf(model, batch, names).grads.forEach((g) => g.dispose()); // warm-up (checkpointing records its variables)
      const weights = countParams(model) * 4;
      const tracker = trackBufferBytes(weights);
      gradientsOf(model, batch, names).grads.forEach((g) => g.dispose());
      const measured = tracker.peak();
      tracker.stop();
      const plan = planMemory({ config: parseHfConfig(cfg), task: { kind: task, numLabels: 2 }, trainable, batchSize: B, seqLen: T, backend: 'wasm', gradientCheckpointing: ckpt, keepBest: false });
      const estimate = plan.peakBytes - plan.bytes.optimizer - plan.bytes.backendOverhead; // no moments in a bare gradient step; tensors only
      expect(plan.bytes.weights).toBe(weights);
      expect(Math.abs(estimate - measured) / measured, `estimate ${estimate} measured ${measured}`).toBeLessThan(0.25);
      model.dispose();
    });
  }
});

describe('refusing before loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peftbench-plan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fakeMethod: PeftMethod = {
    name: 'fake-ft',
    summary: 'counts every parameter',
    configSchema: z.object({}).strict(),
    apply: () => {
      throw new Error('not used');
    },
    countTrainable: (c, _cfg, task) => modelDims(c, task).parameters,
  };

  test('RoBERTa-large full FT on wasm: InputError with the estimate and what would fit; nothing loaded', () => {
    const modelDir = join(dir, 'rl');
    rmSync(modelDir, { recursive: true, force: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify(real('roberta-large')));
    const before = tf.memory().numTensors;
    let err: unknown;
    try {
      planRunMemory({ configPath: join(dir, 'config.json'), method: fakeMethod, task: { kind: 'sequence-classification', numLabels: 2 }, batchSize: 16, seqLen: 128, backend: 'wasm', limitBytes: 4294901760 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toContain(join(dir, 'config.json'));
    expect(msg).toMatch(/needs about \d+\.\d GiB = weights 1\.3 GiB \(355\.4M params\)/);
    expect(msg).toContain('the wasm backend has 4.0 GiB (given limit)');
    expect(msg).toMatch(/What would fit: nothing on this backend: weights \(\+ wasm packed copy\), gradients and AdamW moments alone take 7\.9 GiB/);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('over the limit only through activations: suggests --micro-batch N and recomputation; auto picks the micro-batch', () => {
    const cfg = parseHfConfig(tinyEncoderConfig({ hidden_size: 64, intermediate_size: 256, num_hidden_layers: 4, num_attention_heads: 4, max_position_embeddings: 140 }));
    const opts = { config: cfg, task: { kind: 'sequence-classification' as const, numLabels: 2 }, trainable: 1000, batchSize: 32, seqLen: 128, backend: 'wasm' as const };
    const full = planMemory(opts);
    const limit = full.bytes.weights + full.bytes.backendOverhead + full.bytes.optimizer + full.bytes.bestCopy + full.bytes.gradients + full.bytes.activations / 3;
    expect(() => checkMemoryPlan({ ...opts, limitBytes: limit })).toThrow(/What would fit: --micro-batch 8 \(4 passes of 8 rows per step: .*; or --micro-batch auto\); --gradient-checkpointing/);
    const chosen = chooseMicroBatch({ ...opts, limitBytes: limit })!;
    expect(chosen).toMatchObject({ microBatch: 8, accumulation: 4 }); // fewest accumulation steps with ≤ 1/3 of the activations
    expect(chosen.plan.fits).toBe(true);
    expect(planMemory({ ...opts, microBatch: 11, limitBytes: limit }).fits).toBe(false); // 3 passes
    const thousand: PeftMethod = { ...fakeMethod, countTrainable: () => 1000 };
    const decided = planRunMemory({ config: cfg, method: thousand, task: opts.task, batchSize: 32, seqLen: 128, backend: 'wasm', limitBytes: limit, microBatch: 'auto' });
    expect(decided).toMatchObject({ microBatch: 8, gradientAccumulation: 4 });
    expect(planRunMemory({ config: cfg, method: thousand, task: opts.task, batchSize: 32, seqLen: 128, backend: 'wasm', limitBytes: full.peakBytes, microBatch: 'auto' }).microBatch).toBe(32);
    expect(planRunMemory({ config: cfg, method: thousand, task: opts.task, batchSize: 32, seqLen: 128, backend: 'wasm', limitBytes: limit, gradAccum: 8 }).microBatch).toBe(4);
    expect(decided.summary).toMatch(/^memory plan \(wasm, limit .* GiB\): /);
  });
});

describe('micro-batches give the full batch gradient', () => {
  const cases: [string, Record<string, unknown> & { model_type: string }, TaskKind][] = [
    ['sequence classification', tinyEncoderConfig({ hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 }), 'sequence-classification'],
    ['token classification (-100 labels)', tinyEncoderConfig({ hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 }), 'token-classification'],
    ['causal LM (-100 labels, shift)', gpt2(), 'causal-lm'],
  ];
  for (const [label, cfg, task] of cases) {
    test(`${label}: micro-batches of 3 and 2 rows from 7 equal the full batch to 1e-5`, () => {
      const model = createModel(parseHfConfig(cfg), task, { seed: 4, numLabels: task === 'token-classification' ? 3 : 2 });
      const toy = toyBatches(8, 1, 7)[0];
      const labels = task === 'sequence-classification' ? toy.labels
        : toy.inputIds.map((r, b) => r.map((id, t) => (toy.attentionMask[b][t] === 0 || (b + t) % 5 === 0 ? -100 : task === 'causal-lm' ? id : id % 3)));
      const batch = { ...toy, labels } as unknown as Batch;
      const names = model.params.trainable().map((p) => p.name);
      const full = gradientsOf(model, batch, names, { training: true });
      expect(splitBatch(batch, 3).map((b) => b.inputIds.length)).toEqual([3, 3, 1]);
      for (const size of [3, 2]) {
        const micro = gradientsInMicroBatches(model, batch, names, size, { training: true });
        expect(Math.abs(micro.loss - full.loss)).toBeLessThan(1e-5);
        let worst = 0;
        for (const [k, g] of full.grads) {
          const a = g.dataSync(), b = micro.grads.get(k)!.dataSync();
          for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        expect(worst).toBeLessThan(1e-5);
        expect(worst).toBeGreaterThanOrEqual(0);
        micro.grads.forEach((g) => g.dispose());
      }
      full.grads.forEach((g) => g.dispose());
      model.dispose();
    });
  }
});

describe('frozen weights are not duplicated', () => {
  test('one copy in the backend during a step (the shared-data Identity): the forward keeps no weight copies', () => {
    const cfg = parseHfConfig(tinyEncoderConfig({ hidden_size: 256, intermediate_size: 1024, num_hidden_layers: 2, num_attention_heads: 2 }));
    const model = createModel(cfg, 'sequence-classification', { seed: 0 });
    model.params.setTrainable((p) => p.owner === 'base', false);
    const batch = toyBatches(2, 1, 1)[0] as Batch;
    const names = model.params.trainable().map((p) => p.name);
    const keptAtLoss = (): number => {
      const tr = trackBufferBytes(0);
      let at = 0;
      gradientsOf(model, batch, names, { loss: (m, b, o) => { const l = computeLoss(m, b, o); at = tr.current(); return l; } }).grads.forEach((g) => g.dispose());
      tr.stop();
      return at;
    };
    const layerWeights = model.params.all().filter((p) => p.name.includes('.layer.') && p.variable.rank === 2).reduce((s, p) => s + 4 * p.variable.size, 0);
    const shared = keptAtLoss();
    setBackendFixes({ sharedIdentity: false });
    try {
      const copying = keptAtLoss();
      expect(copying - shared).toBeGreaterThan(0.95 * layerWeights); // stock wasm copied every Linear's weight
    } finally {
      setBackendFixes({ sharedIdentity: true });
    }
    expect(shared).toBeLessThan(0.5 * layerWeights);
    model.dispose();
  });

  test('no JS copy after upload: loading a checkpoint leaves no Float32Array behind', async () => {
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const dir = mkdtempSync(join(tmpdir(), 'peftbench-upload-'));
    try {
      const cfg = tinyEncoderConfig({ hidden_size: 256, intermediate_size: 1024, num_hidden_layers: 4, num_attention_heads: 4, vocab_size: 2000 });
      const m = createModel(parseHfConfig(cfg), 'sequence-classification', { seed: 0 });
      const tensors: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
      for (const [name, t] of m.stateDict()) tensors[name] = { dtype: 'F32', shape: t.shape, data: t.dataSync() as Float32Array };
      const bytes = countParams(m) * 4;
      writeSafetensors(join(dir, 'model.safetensors'), tensors);
      writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg));
      m.dispose();
      for (const k of Object.keys(tensors)) delete tensors[k];
      gc();
      const before = process.memoryUsage().arrayBuffers;
      const { model } = await loadModel(dir, { task: 'sequence-classification' });
      gc();
      const after = process.memoryUsage().arrayBuffers;
      expect(bytes).toBeGreaterThan(10e6);
      // on wasm the weights live in the heap (one ArrayBuffer that grows, already counted when large enough); what
      // must not stay is a second, JS-side copy of the checkpoint
      if (tf.getBackend() === 'wasm') expect(after - before).toBeLessThan(0.5 * bytes);
      model.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('recomputation only where the model recomputes', () => {
  test('T5 does not recompute its layers: gradientCheckpointing is planned as off and said so; encoders still recompute', async () => {
    const t5 = real('t5-base');
    const base = { config: t5, task: { kind: 'causal-lm' as const }, trainable: 884_736, batchSize: 1, seqLen: 128, backend: 'wasm' as const, keepBest: false };
    const asked = planMemory({ ...base, gradientCheckpointing: true });
    const plain = planMemory({ ...base, gradientCheckpointing: false });
    expect(asked.peakBytes).toBe(plain.peakBytes);
    expect(asked.gradientCheckpointing).toBe(false);
    expect(asked.recomputeIgnored).toMatch(/T5 layers do not recompute/);
    const { describePlan } = await import('./plan.ts');
    expect(describePlan(asked)).toMatch(/\(gradient checkpointing asked, but T5 layers do not recompute \(planned without\)\)$/);
    // the refusal does not suggest --gradient-checkpointing for T5
    expect(() => checkMemoryPlan({ ...base, seqLen: 512, batchSize: 8, limitBytes: 2 ** 31 })).toThrow(InputError);
    try {
      checkMemoryPlan({ ...base, seqLen: 512, batchSize: 8, limitBytes: 2 ** 31 });
    } catch (err) {
      expect((err as Error).message).not.toMatch(/--gradient-checkpointing/);
    }
    const rb = { ...base, config: real('roberta-base'), task: { kind: 'sequence-classification' as const, numLabels: 2 } };
    const rbCkpt = planMemory({ ...rb, gradientCheckpointing: true });
    expect(rbCkpt.gradientCheckpointing).toBe(true);
    expect(rbCkpt.recomputeIgnored).toBeUndefined();
    expect(rbCkpt.peakBytes).toBeLessThan(planMemory(rb).peakBytes);
  });
});
