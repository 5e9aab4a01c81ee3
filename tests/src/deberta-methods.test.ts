/**
 * Methods on DeBERTa-v3 without method-specific code in core: full fine-tuning, BitFit, LoRA (HF PEFT's
 * deberta-v2 default query_proj, value_proj) and RED apply to a tiny DeBERTa-v3-shaped model (shared keys,
 * log buckets, p2c|c2p), count what they train from config.json alone, and run one training step through the
 * trainer on sequence classification, regression and token classification: the loss is finite, the trainable
 * tensors move and frozen ones do not. Then every discovered method package runs one step (see below).
 * Opt-in (PEFTBENCH_HF_ORACLE=1): a LoRA adapter on query_proj, key_proj, value_proj made here loads in HF PEFT
 * (../shared/tools/hf-oracle peft-logits) with every tensor used and gives the same logits on deberta-1 / deberta-2.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InputError, hasShared, sharedDir } from '@peftbench/util';
import { createModel, loadModel, parseHfConfig, saveAdapter, train, type Batch, type DebertaV2Model, type PeftMethod, type PreTrainedModel, type TaskSpec } from '@peftbench/core';
import { initBackendForTests, tinyEncoderConfig } from '@peftbench/core/testing';
import { loadMethods } from '@peftbench/discovery';
import { method as fullFt } from '@peftbench/method-full-ft';
import { method as lora } from '@peftbench/method-lora';
import { method as red } from '@peftbench/method-red';
import { method as bitfit } from '@peftbench/method-bitfit';

beforeAll(initBackendForTests);

/** deberta-v3-base's layout at toy size (pos_att_type as the hub writes it). */
const CONFIG = {
  model_type: 'deberta-v2',
  vocab_size: 40,
  hidden_size: 16,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 32,
  max_position_embeddings: 32,
  relative_attention: true,
  position_buckets: 8,
  max_relative_positions: -1,
  norm_rel_ebd: 'layer_norm',
  share_att_key: true,
  pos_att_type: 'p2c|c2p',
  position_biased_input: false,
  type_vocab_size: 0,
  layer_norm_eps: 1e-7,
  pad_token_id: 0,
};

function tinyDeberta(task: TaskSpec, seed = 1): DebertaV2Model {
  return createModel(parseHfConfig({ ...CONFIG, num_labels: task.numLabels ?? 2 }), task.kind, { seed, numLabels: task.numLabels }) as DebertaV2Model;
}

const input = {
  inputIds: [[1, 9, 12, 7, 30, 2], [1, 8, 3, 2, 0, 0]],
  attentionMask: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]],
};
const TASKS: [string, TaskSpec, number[] | number[][]][] = [
  ['sequence classification', { kind: 'sequence-classification', numLabels: 2 }, [1, 0]],
  ['regression', { kind: 'sequence-classification', numLabels: 1 }, [0.7, -0.2]],
  ['token classification', { kind: 'token-classification', numLabels: 3 }, [[0, 1, 2, 1, 0, 2], [2, 1, 0, 1, -100, -100]]],
];

/** Apply, compare the count from config.json, train one step, check what moved. */
async function oneStep(m: PeftMethod, raw: Record<string, unknown>, task: TaskSpec, labels: number[] | number[][]): Promise<{ model: DebertaV2Model; trainable: string[] }> {
  const model = tinyDeberta(task);
  const cfg = m.configSchema.parse(raw);
  const applied = m.apply(model, cfg, task);
  const trainable = model.params.trainable().map((p) => p.name);
  expect(trainable.length).toBeGreaterThan(0);
  const counted = m.countTrainable(model.config, cfg, task) as number | { method: number; head: number };
  const total = typeof counted === 'number' ? counted : counted.method + counted.head;
  expect(total, `${m.name}: countTrainable from config.json`).toBe(model.params.countTrainable());
  const before = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
  const batch = { ...input, labels };
  const r = await train({ model, applied, trainBatches: () => [batch], stepsPerEpoch: 1, epochs: 1, learningRate: 1e-2, seed: 0 });
  expect(r.status, r.message).toBe('ok');
  expect(r.steps).toBe(1);
  expect(Number.isFinite(r.losses[0])).toBe(true);
  for (const p of model.params.all()) {
    if (!before.has(p.name)) continue;
    const a = before.get(p.name)!;
    const b = p.variable.dataSync();
    const moved = a.some((x, i) => x !== b[i]);
    // LoRA's B starts at 0, so A gets no gradient in the first step; every other trainable tensor moves
    if (p.trainable && !p.name.endsWith('lora_A.weight')) expect(moved, `${p.name} moved`).toBe(true);
    if (!p.trainable) expect(moved, `${p.name} frozen`).toBe(false);
  }
  return { model, trainable };
}

describe('full FT, BitFit, LoRA, RED on DeBERTa-v3', () => {
  const METHODS: [PeftMethod, Record<string, unknown>][] = [
    [fullFt, {}],
    [bitfit, {}],
    [lora, { r: 2, lora_alpha: 4 }],
    [red, {}],
  ];
  for (const [name, task, labels] of TASKS) {
    for (const [m, raw] of METHODS) {
      test(`${m.name} on ${name}: count from config.json, one training step`, async () => {
        const { model, trainable } = await oneStep(m, raw, task, labels);
        if (m.name === 'lora') {
          expect(trainable.filter((n) => n.includes('lora_A')).sort()).toEqual(
            [0, 1].flatMap((i) => ['query_proj', 'value_proj'].map((p) => `deberta.encoder.layer.${i}.attention.self.${p}.lora_A.weight`)).sort(),
          );
        }
        if (m.name === 'bitfit') {
          expect(trainable).toContain('deberta.encoder.layer.0.attention.self.key_proj.bias');
          expect(trainable.some((n) => n.startsWith('deberta.') && n.endsWith('.weight'))).toBe(false);
        }
        if (m.name === 'red') expect(trainable.filter((n) => n.startsWith('red.')).length).toBe(2 * model.numLayers);
        if (m.name === 'full-ft') expect(trainable).toContain('deberta.encoder.rel_embeddings.weight');
        model.dispose();
      });
    }
  }
});

/**
 * Every discovered method package, with its default config (made small where the default does not fit a toy
 * model): it applies, trains one step (finite loss, something trainable moves, the frozen backbone does not), and
 * its countTrainable equals the model's registry count, except the methods listed below with the reason. A method
 * that refuses DeBERTa must be in REFUSES_DEBERTA with the reason its InputError gives.
 */
const SMALL: Record<string, Record<string, unknown>> = {
  'prompt-tuning': { numVirtualTokens: 4 },
  'p-tuning': { numVirtualTokens: 4 },
  'prefix-tuning': { numVirtualTokens: 4 },
  pasta: { specialTokenIds: [1, 2] },
  adapterdrop: { dropLowest: 1 },
  unipelt: { adapter: { bottleneck: 8 }, prefix: { numVirtualTokens: 4 } },
};

/** Methods that refuse DeBERTa-v3, with the reason: none (every method applies). Only the impossible belongs here. */
const REFUSES_DEBERTA: Record<string, { why: string; message: RegExp }> = {};

/** Methods whose countTrainable is by design not the registry count right after apply() (as on RoBERTa), with the reason. */
const SELECTIVE = "counts the selection budget (the paper's number); which scalars train is chosen during training (update masks)";
const COUNT_DIFFERS: Record<string, string> = {
  id3: SELECTIVE,
  'repeat-d3': SELECTIVE,
  fish: SELECTIVE,
  pafi: SELECTIVE,
  'random-mask': SELECTIVE,
  'sparse-adapter': "counts the adapter after pruning (the paper's number); the registry holds the dense matrices, pruned entries masked",
  'it-tuning': "counts its vectors alone (the paper's number), not the task head (pooler + classifier) it trains",
};

async function stepAndCount(m: PeftMethod, model: PreTrainedModel, task: TaskSpec, batch: Batch): Promise<{ total: number; registry: number }> {
  const cfg = m.configSchema.parse(SMALL[m.name] ?? {});
  const applied = m.apply(model, cfg, task);
  const counted = m.countTrainable(model.config, cfg, task) as number | { method: number; head: number };
  const total = typeof counted === 'number' ? counted : counted.method + counted.head;
  const registry = model.params.countTrainable();
  const before = new Map(model.params.all().map((p) => [p.name, p.variable.dataSync().slice()]));
  const r = await train({ model, applied, trainBatches: () => [batch], prepareBatches: () => [batch], stepsPerEpoch: 1, epochs: 1, learningRate: 1e-2, seed: 0 });
  expect(r.status, r.message).toBe('ok');
  expect(Number.isFinite(r.losses[0])).toBe(true);
  const moved = (name: string) => {
    const a = before.get(name)!;
    const b = model.params.get(name).variable.dataSync();
    return a.some((x, i) => x !== b[i]);
  };
  const all = model.params.all().filter((p) => before.has(p.name));
  expect(all.some((p) => p.trainable && moved(p.name)), `${m.name}: some trainable tensor moved`).toBe(true);
  for (const p of all) if (!p.trainable && p.owner === 'base') expect(moved(p.name), `${p.name} frozen`).toBe(false);
  return { total, registry };
}

describe('every discovered method package on DeBERTa-v3 (sequence classification): one training step', async () => {
  const all = await loadMethods();
  const task: TaskSpec = { kind: 'sequence-classification', numLabels: 2 };
  test('the refusal and budget lists name only discovered methods', () => {
    const names = new Set(all.map((m) => m.name));
    for (const n of [...Object.keys(REFUSES_DEBERTA), ...Object.keys(COUNT_DIFFERS)]) expect(names.has(n), n).toBe(true);
  });
  for (const m of all) {
    const refusal = REFUSES_DEBERTA[m.name];
    const title = refusal
      ? `${m.name}: refuses DeBERTa-v3 (${refusal.why})`
      : `${m.name}: applies, count from config.json ${m.name in COUNT_DIFFERS ? '> 0 (by design not the registry count), as on RoBERTa' : '= registry'}, one training step`;
    test(title, async () => {
      const deberta = tinyDeberta(task);
      if (refusal) {
        let err: unknown;
        try {
          m.apply(deberta, m.configSchema.parse(SMALL[m.name] ?? {}), task);
        } catch (e) {
          err = e;
        }
        expect(err, `${m.name} must refuse DeBERTa`).toBeInstanceOf(InputError);
        expect((err as Error).message).toMatch(refusal.message);
        deberta.dispose();
        return;
      }
      const onDeberta = await stepAndCount(m, deberta, task, { ...input, labels: [1, 0] });
      if (m.name in COUNT_DIFFERS) {
        // by design not the registry count: the same holds on a RoBERTa of the same size
        expect(onDeberta.total).toBeGreaterThan(0);
        const roberta = createModel(parseHfConfig(tinyEncoderConfig()), task.kind, { seed: 1 });
        const onRoberta = await stepAndCount(m, roberta, task, { inputIds: [[0, 9, 12, 7, 30, 2], [0, 8, 3, 2, 1, 1]], attentionMask: input.attentionMask, labels: [1, 0] });
        expect(onDeberta.total === onDeberta.registry, `${m.name}: count = registry on DeBERTa iff on RoBERTa`).toBe(onRoberta.total === onRoberta.registry);
        roberta.dispose();
      } else {
        expect(onDeberta.total, `${m.name}: countTrainable from config.json = registry`).toBe(onDeberta.registry);
      }
      deberta.dispose();
    });
  }
});

// ---- opt-in: a LoRA adapter made here on DeBERTa loads in HF PEFT and gives HF's logits ----
// (HF PEFT wraps query_proj / key_proj, and DeBERTa's shared-key position terms go through the wrapped modules:
// this checks that core's wrapLinear reaches the relative rows the same way.)

const ORACLE = join(sharedDir, 'tools/hf-oracle/oracle.py');
function oracleSkip(): string | null {
  if (process.env.PEFTBENCH_HF_ORACLE !== '1' && process.env.PEFTBENCH_SLOW_TESTS !== '1') return 'opt-in: set PEFTBENCH_HF_ORACLE=1 (or PEFTBENCH_SLOW_TESTS=1)';
  if (!hasShared('tools/hf-oracle') || !hasShared('fixtures/hf-parity/deberta-1')) return `${sharedDir}/tools/hf-oracle or fixtures/hf-parity/deberta-1 is absent`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return '/usr/bin/python3 cannot import torch';
  }
  return null;
}
const whyNot = oracleSkip();
if (whyNot) console.log(`skipping DeBERTa LoRA vs HF PEFT: ${whyNot}`);

describe.skipIf(whyNot !== null)('LoRA on DeBERTa-v3 vs HF PEFT (hf-oracle peft-logits)', () => {
  for (const [fixture, task] of [['deberta-1', 'sequence-classification'], ['deberta-2', 'token-classification']] as const) {
    test(`${fixture}: adapter on query_proj, key_proj, value_proj saved here loads in HF PEFT with every tensor used, same logits`, async () => {
      const base = join(sharedDir, 'fixtures/hf-parity', fixture);
      const { model } = await loadModel(base, { task, seed: 4 });
      const cfg = lora.configSchema.parse({ r: 4, lora_alpha: 8, init_lora_weights: false, target_modules: ['query_proj', 'key_proj', 'value_proj'] });
      const applied = lora.apply(model, cfg, { kind: task });
      const dir = mkdtempSync(join(tmpdir(), 'peftbench-deberta-lora-'));
      saveAdapter(join(dir, 'adapter'), applied);
      execFileSync('python3', [ORACLE, 'peft-logits', '--base', base, '--adapter', join(dir, 'adapter'), '--inputs', join(base, 'inputs.json'), '--out', join(dir, 'hf.json')], { stdio: 'pipe', timeout: 300_000 });
      const hf = JSON.parse(readFileSync(join(dir, 'hf.json'), 'utf8'));
      const inputs = JSON.parse(readFileSync(join(base, 'inputs.json'), 'utf8'));
      let worst = 0;
      let effect = 0;
      const plain = await loadModel(base, { task });
      inputs.batches.forEach((b: { input_ids: number[][]; attention_mask: number[][] }, i: number) => {
        const x = { inputIds: b.input_ids, attentionMask: b.attention_mask };
        const ours = tf.tidy(() => model.forward(x).logits!.dataSync() as Float32Array);
        const without = tf.tidy(() => plain.model.forward(x).logits!.dataSync() as Float32Array);
        const theirs = (hf.batches[i].logits as number[]).flat(2) as number[];
        expect(theirs.length).toBe(ours.length);
        theirs.forEach((v, j) => {
          worst = Math.max(worst, Math.abs(v - ours[j]));
          effect = Math.max(effect, Math.abs(ours[j] - without[j]));
        });
      });
      console.log(`${fixture}: LoRA logits vs HF PEFT max |diff| ${worst.toExponential(1)} (adapter moves logits by up to ${effect.toFixed(3)})`);
      expect(effect).toBeGreaterThan(1e-2); // the adapter does something
      expect(worst).toBeLessThan(1e-4);
      model.dispose();
      plain.model.dispose();
    }, 300_000);
  }
});
