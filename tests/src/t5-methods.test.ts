/**
 * Methods on T5 without method-specific code in core: full fine-tuning, LoRA (HF PEFT's T5 default q, v —
 * self- and cross-attention) and RED (FFN outputs of every encoder and decoder block) each apply to a tiny
 * T5 (v1.0 tied and v1.1 gated/untied), count what they train from config.json alone, and run one
 * training step through the trainer (teacher-forced seq2seq loss with -100 labels): the loss is finite, the
 * trainable tensors move and frozen ones do not. BitFit refuses T5 (no bias terms) with a clear message.
 * Then every discovered method package trains one step on T5, its count from config.json equal to the registry's,
 * unless it is in the explicit refusal / budget lists below, each entry with its reason.
 * Opt-in (PEFTBENCH_HF_ORACLE=1): a LoRA adapter on q, v, o, wo (self- and cross-attention) saved here loads in
 * HF PEFT (../shared/tools/hf-oracle peft-logits) with every tensor used and gives the same logits on t5-1 / t5-2.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, loadModel, parseHfConfig, saveAdapter, train, type PeftMethod, type T5Model, type TaskSpec } from '@peftbench/core';
import { loadMethods } from '@peftbench/discovery';
import { initBackendForTests } from '@peftbench/core/testing';
import { method as fullFt } from '@peftbench/method-full-ft';
import { method as lora } from '@peftbench/method-lora';
import { method as red } from '@peftbench/method-red';
import { method as bitfit } from '@peftbench/method-bitfit';
import { InputError, hasShared, sharedDir } from '@peftbench/util';

beforeAll(initBackendForTests);

const VARIANTS: Record<string, Record<string, unknown>> = {
  'v1.0 relu, tied': { feed_forward_proj: 'relu' },
  'v1.1 gated-gelu, untied': { feed_forward_proj: 'gated-gelu', tie_word_embeddings: false, num_decoder_layers: 3 },
};

function tinyT5(overrides: Record<string, unknown>, seed = 1): T5Model {
  const config = parseHfConfig({
    model_type: 't5',
    vocab_size: 40,
    d_model: 16,
    d_kv: 4,
    num_heads: 4,
    d_ff: 32,
    num_layers: 2,
    relative_attention_num_buckets: 8,
    relative_attention_max_distance: 16,
    decoder_start_token_id: 0,
    dropout_rate: 0.1,
    ...overrides,
  });
  return createModel(config, 'causal-lm', { seed }) as T5Model;
}

/** Right-padded encoder input, labels ending in eos 1 with -100 after the row's end. */
const batch = {
  inputIds: [[5, 9, 12, 7, 1], [8, 3, 1, 0, 0]],
  attentionMask: [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]],
  labels: [[4, 11, 6, 1], [7, 1, -100, -100]],
};

const METHODS: [PeftMethod, Record<string, unknown>][] = [
  [fullFt, {}],
  [lora, { r: 2, lora_alpha: 4 }],
  [red, {}],
];

describe('PEFT methods on T5', () => {
  for (const [variant, overrides] of Object.entries(VARIANTS)) {
    for (const [m, raw] of METHODS) {
      test(`${m.name} on T5 ${variant}: count from config.json, one training step`, async () => {
        const model = tinyT5(overrides);
        const cfg = m.configSchema.parse(raw);
        const task = { kind: 'causal-lm' as const };
        const applied = m.apply(model, cfg, task);
        const trainable = model.params.trainable();
        expect(trainable.length).toBeGreaterThan(0);
        const counted = m.countTrainable(model.config, cfg, task) as number | { method: number; head: number };
        const total = typeof counted === 'number' ? counted : counted.method + counted.head;
        expect(total, 'countTrainable from config.json').toBe(model.params.countTrainable());
        if (m.name === 'lora') {
          // HF PEFT's T5 default (q, v) matches self- and cross-attention projections
          expect(trainable.some((p) => p.name.includes('EncDecAttention.q.lora_A'))).toBe(true);
          expect(trainable.some((p) => p.name.includes('SelfAttention.v.lora_B'))).toBe(true);
        }
        if (m.name === 'red') expect(trainable.length).toBe(2 * model.numLayers); // scaling + bias per block, encoder and decoder
        const before = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
        const r = await train({ model, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 1, learningRate: 1e-2, seed: 0 });
        expect(r.status).toBe('ok');
        expect(r.steps).toBe(1);
        expect(Number.isFinite(r.losses[0]) && r.losses[0] > 0).toBe(true);
        const changed = (name: string) => {
          const a = before.get(name)!;
          const b = model.params.get(name).variable.dataSync();
          return a.some((x, i) => x !== b[i]);
        };
        for (const p of model.params.all()) {
          if (!before.has(p.name)) continue;
          // LoRA's B starts at 0, so A gets no gradient in the first step; every other trainable tensor moves
          if (p.trainable && !p.name.endsWith('lora_A.weight')) expect(changed(p.name), `${p.name} moved`).toBe(true);
          if (!p.trainable) expect(changed(p.name), `${p.name} frozen`).toBe(false);
        }
        model.dispose();
      });
    }
  }

  test('BitFit refuses T5 (no bias terms) with a clear message', () => {
    const model = tinyT5({});
    const cfg = bitfit.configSchema.parse({});
    expect(() => bitfit.apply(model, cfg, { kind: 'causal-lm' })).toThrow(InputError);
    expect(() => bitfit.apply(model, cfg, { kind: 'causal-lm' })).toThrow(/selects no tensor of this T5 model \(it has no bias terms\)/);
    model.dispose();
  });
});

// ---- every discovered method package on T5 ----

/** Defaults made small where the default does not fit a toy model (d_model 16, 2 + 2 blocks). */
const SMALL: Record<string, Record<string, unknown>> = {
  'prompt-tuning': { numVirtualTokens: 4 },
  'p-tuning': { numVirtualTokens: 4 },
  'prefix-tuning': { numVirtualTokens: 4 },
  pasta: { specialTokenIds: [1] },
  adapterdrop: { dropLowest: 1 },
  unipelt: { adapter: { bottleneck: 8 }, prefix: { numVirtualTokens: 4 } },
};

/**
 * The methods that refuse T5, each with the reason (the InputError must say it). Only what is impossible by the
 * method's definition belongs here; a refusal for lack of a hook point is a core gap to fix, not a list entry.
 */
const REFUSES_T5: Record<string, { why: string; message: RegExp }> = {
  // BitFit trains the bias terms; T5 has none (Raffel et al. 2020 drop every bias).
  bitfit: { why: 'T5 has no bias terms', message: /no bias terms/ },
};

/**
 * Methods whose countTrainable is by design not the registry count right after apply(), with the reason (the same
 * holds on RoBERTa, see deberta-methods.test.ts): they print the paper's number, a budget of scalars chosen later.
 */
const SELECTIVE = 'counts the selection budget (the paper\'s number); which scalars train is chosen during training (update masks)';
const COUNT_DIFFERS_T5: Record<string, string> = {
  id3: SELECTIVE,
  'repeat-d3': SELECTIVE,
  fish: SELECTIVE,
  pafi: SELECTIVE,
  'random-mask': SELECTIVE,
  'sparse-adapter': 'counts the adapter after pruning (the paper\'s number); the registry holds the dense matrices, pruned entries masked',
};

describe('every discovered method package on T5 (v1.1 gated, untied, 2 + 3 blocks): one training step', async () => {
  const all = await loadMethods();
  const task: TaskSpec = { kind: 'causal-lm' };
  test('the refusal list names only discovered methods', () => {
    const names = new Set(all.map((m) => m.name));
    for (const n of [...Object.keys(REFUSES_T5), ...Object.keys(COUNT_DIFFERS_T5)]) expect(names.has(n), n).toBe(true);
  });
  for (const m of all) {
    const refusal = REFUSES_T5[m.name];
    const title = refusal
      ? `${m.name}: refuses T5 (${refusal.why})`
      : `${m.name}: applies, count from config.json ${m.name in COUNT_DIFFERS_T5 ? '> 0 (a budget)' : '= registry'}, one training step`;
    test(title, async () => {
      const model = tinyT5(VARIANTS['v1.1 gated-gelu, untied']);
      const cfg = m.configSchema.parse(SMALL[m.name] ?? {});
      if (refusal) {
        let err: unknown;
        try {
          m.apply(model, cfg, task);
        } catch (e) {
          err = e;
        }
        expect(err, `${m.name} must refuse T5`).toBeInstanceOf(InputError);
        expect((err as Error).message).toMatch(refusal.message);
        model.dispose();
        return;
      }
      const applied = m.apply(model, cfg, task);
      const counted = m.countTrainable(model.config, cfg, task) as number | { method: number; head: number };
      const total = typeof counted === 'number' ? counted : counted.method + counted.head;
      if (!(m.name in COUNT_DIFFERS_T5)) expect(total, `${m.name}: countTrainable from config.json`).toBe(model.params.countTrainable());
      else expect(total, `${m.name}: countTrainable from config.json`).toBeGreaterThan(0);
      const before = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
      const r = await train({ model, applied, trainBatches: () => [batch], prepareBatches: () => [batch], stepsPerEpoch: 1, epochs: 1, learningRate: 1e-2, seed: 0 });
      expect(r.status, r.message).toBe('ok');
      expect(Number.isFinite(r.losses[0]) && r.losses[0] > 0).toBe(true);
      const moved = (name: string) => {
        const a = before.get(name)!;
        const b = model.params.get(name).variable.dataSync();
        return a.some((x, i) => x !== b[i]);
      };
      const kept = model.params.all().filter((p) => before.has(p.name));
      expect(kept.some((p) => p.trainable && moved(p.name)), `${m.name}: some trainable tensor moved`).toBe(true);
      for (const p of kept) if (!p.trainable && p.owner === 'base') expect(moved(p.name), `${p.name} frozen`).toBe(false);
      model.dispose();
    });
  }
});

// ---- opt-in: a LoRA adapter trained here on T5 loads in HF PEFT and gives HF's logits ----

const ORACLE = join(sharedDir, 'tools/hf-oracle/oracle.py');
function oracleSkip(): string | null {
  if (process.env.PEFTBENCH_HF_ORACLE !== '1' && process.env.PEFTBENCH_SLOW_TESTS !== '1') return 'opt-in: set PEFTBENCH_HF_ORACLE=1 (or PEFTBENCH_SLOW_TESTS=1)';
  if (!hasShared('tools/hf-oracle') || !hasShared('fixtures/hf-parity/t5-2')) return `${sharedDir}/tools/hf-oracle or fixtures/hf-parity/t5-2 is absent`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return '/usr/bin/python3 cannot import torch';
  }
  return null;
}
const whyNot = oracleSkip();
if (whyNot) console.log(`skipping T5 LoRA vs HF PEFT: ${whyNot}`);

describe.skipIf(whyNot !== null)('LoRA on T5 vs HF PEFT (hf-oracle peft-logits)', () => {
  for (const fixture of ['t5-1', 't5-2']) {
    test(`${fixture}: adapter saved here loads in HF PEFT with every tensor used, same logits`, async () => {
      const base = join(sharedDir, 'fixtures/hf-parity', fixture);
      const { model } = await loadModel<T5Model>(base, { task: 'causal-lm', seed: 4 });
      const cfg = lora.configSchema.parse({ r: 4, lora_alpha: 8, init_lora_weights: false, target_modules: ['q', 'v', 'o', 'wo'] });
      const applied = lora.apply(model, cfg, { kind: 'causal-lm' });
      const dir = mkdtempSync(join(tmpdir(), 'peftbench-t5-lora-'));
      saveAdapter(join(dir, 'adapter'), applied);
      execFileSync('python3', [ORACLE, 'peft-logits', '--base', base, '--adapter', join(dir, 'adapter'), '--inputs', join(base, 'inputs.json'), '--out', join(dir, 'hf.json')], { stdio: 'pipe', timeout: 300_000 });
      const hf = JSON.parse(readFileSync(join(dir, 'hf.json'), 'utf8'));
      const inputs = JSON.parse(readFileSync(join(base, 'inputs.json'), 'utf8'));
      let worst = 0;
      inputs.batches.forEach((b: any, i: number) => {
        const ours = tf.tidy(() => model.forward({ inputIds: b.input_ids, attentionMask: b.attention_mask, decoderInputIds: b.decoder_input_ids }).logits!.dataSync() as Float32Array);
        const theirs = (hf.batches[i].logits as number[][][]).flat(2);
        expect(theirs.length).toBe(ours.length);
        theirs.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - ours[j]))));
      });
      expect(worst).toBeLessThan(1e-4);
      model.dispose();
    }, 300_000);
  }
});
