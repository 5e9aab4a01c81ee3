/**
 * Test helpers shared by the prompt-family packages (`@peftbench/method-prefix-tuning/testing`, not the main export): tiny models built from a
 * config alone (no ../shared), a hand-written GPT-2 forward with prefix keys/values and inserted input
 * embeddings, and generation checks (batched left-padded = each row alone; cached = uncached).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createModel, generate, parseHfConfig, type DecoderModel, type ModelInput, type PreTrainedModel } from '@peftbench/core';
import { tinyEncoderConfig } from '@peftbench/core/testing';
import { hasShared, sharedDir } from '@peftbench/util';

export const TINY_GPT2 = { model_type: 'gpt2', vocab_size: 60, n_positions: 40, n_embd: 16, n_layer: 2, n_head: 2, embd_pdrop: 0, resid_pdrop: 0, attn_pdrop: 0 };

export function tinyGpt2(seed = 3, overrides: Record<string, unknown> = {}): DecoderModel {
  return createModel(parseHfConfig({ ...TINY_GPT2, ...overrides }), 'causal-lm', { seed }) as DecoderModel;
}

export function tinyRoberta(seed = 2, model_type: 'roberta' | 'bert' = 'roberta'): PreTrainedModel {
  return createModel(parseHfConfig(tinyEncoderConfig({ model_type, hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 })), 'sequence-classification', { seed, numLabels: 2 });
}

const hf = (m: PreTrainedModel, n: string) => m.params.hfValue(n);

function layerNorm(x: tf.Tensor, m: PreTrainedModel, name: string, eps = 1e-5): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), hf(m, `${name}.weight`)), hf(m, `${name}.bias`));
}

const geluNew = (x: tf.Tensor) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3)))))));

/**
 * GPT-2 by hand, one unpadded row: x_t = E(t) + wpe[positionStart + t], where E(t) = `inputsEmbeds[t]` when
 * given (virtual tokens) else wte[ids[t]]; at layer l the keys/values are [prefix_l ; K] / [prefix_l ; V],
 * `prefix` being HF's `prompt_embeddings` layout [P, 2·L·D] (null: no prefix); causal over the row. Returns logits [T, V].
 */
export function gpt2Reference(m: PreTrainedModel, ids: number[], opts: { prefix?: tf.Tensor2D | null; positionStart?: number; inputsEmbeds?: (tf.Tensor1D | null)[] } = {}): number[][] {
  return tf.tidy(() => {
    const D = m.hiddenSize;
    const L = m.numLayers;
    const H = m.config.n_head as number;
    const dh = D / H;
    const T = ids.length;
    const wte = hf(m, 'transformer.wte.weight');
    const rows = ids.map((id, t) => opts.inputsEmbeds?.[t] ?? tf.reshape(tf.gather(wte, [id]), [D]));
    const pos = tf.gather(hf(m, 'transformer.wpe.weight'), ids.map((_, t) => (opts.positionStart ?? 0) + t));
    let x: tf.Tensor = tf.add(tf.stack(rows), pos); // [T, D]
    const P = opts.prefix ? opts.prefix.shape[0] : 0;
    for (let l = 0; l < L; l++) {
      const n = `transformer.h.${l}`;
      const a = layerNorm(x, m, `${n}.ln_1`);
      const qkv = tf.add(tf.matMul(a as tf.Tensor2D, hf(m, `${n}.attn.c_attn.weight`) as tf.Tensor2D), hf(m, `${n}.attn.c_attn.bias`));
      const [q, k, v] = tf.split(qkv, 3, 1);
      const heads = (z: tf.Tensor, len: number) => tf.transpose(tf.reshape(z, [len, H, dh]), [1, 0, 2]); // [H, len, dh]
      let kh = heads(k, T);
      let vh = heads(v, T);
      if (opts.prefix) {
        kh = tf.concat([heads(tf.slice(opts.prefix, [0, 2 * l * D], [P, D]), P), kh], 1);
        vh = tf.concat([heads(tf.slice(opts.prefix, [0, (2 * l + 1) * D], [P, D]), P), vh], 1);
      }
      const S = P + T;
      const visible = Array.from({ length: T }, (_, t) => Array.from({ length: S }, (_, s) => (s < P || s - P <= t ? 0 : -1e9)));
      const scores = tf.add(tf.div(tf.matMul(heads(q, T), kh, false, true), Math.sqrt(dh)), tf.tensor2d(visible));
      const ctxv = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores, -1), vh), [1, 0, 2]), [T, D]);
      x = tf.add(x, tf.add(tf.matMul(ctxv as tf.Tensor2D, hf(m, `${n}.attn.c_proj.weight`) as tf.Tensor2D), hf(m, `${n}.attn.c_proj.bias`)));
      const b = layerNorm(x, m, `${n}.ln_2`);
      const f = geluNew(tf.add(tf.matMul(b as tf.Tensor2D, hf(m, `${n}.mlp.c_fc.weight`) as tf.Tensor2D), hf(m, `${n}.mlp.c_fc.bias`)));
      x = tf.add(x, tf.add(tf.matMul(f as tf.Tensor2D, hf(m, `${n}.mlp.c_proj.weight`) as tf.Tensor2D), hf(m, `${n}.mlp.c_proj.bias`)));
    }
    const out = layerNorm(x, m, 'transformer.ln_f');
    return tf.matMul(out as tf.Tensor2D, wte as tf.Tensor2D, false, true).arraySync() as number[][];
  });
}

export function maxDiff(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - b[i][j])))));
  return worst;
}

/**
 * Greedy and beam (3 beams) generation on a left-padded batch: with and without the KV cache the same tokens,
 * and every row the same tokens and (greedy) step scores as when generated alone.
 */
export function checkGeneration(model: DecoderModel, rows: number[][], pad = 0): void {
  const T = Math.max(...rows.map((r) => r.length));
  const inputIds = rows.map((r) => [...Array(T - r.length).fill(pad), ...r]);
  const attentionMask = rows.map((r) => [...Array(T - r.length).fill(0), ...r.map(() => 1)]);
  const base = { maxNewTokens: 6, eosTokenId: null, padTokenId: pad };
  for (const numBeams of [1, 3]) {
    const opts = { ...base, numBeams, outputScores: numBeams === 1 };
    const cached = generate(model, { inputIds, attentionMask }, { ...opts, useCache: true });
    const uncached = generate(model, { inputIds, attentionMask }, { ...opts, useCache: false });
    expect(uncached.newTokens, `beams ${numBeams}: cached = uncached`).toEqual(cached.newTokens);
    rows.forEach((row, r) => {
      const alone = generate(model, { inputIds: [row], attentionMask: [row.map(() => 1)] }, { ...opts, useCache: true });
      expect(alone.newTokens[0], `beams ${numBeams}: row ${r} alone`).toEqual(cached.newTokens[r]);
      if (numBeams === 1) {
        let worst = 0;
        alone.scores!.forEach((step, s) => step[0].forEach((x, v) => (worst = Math.max(worst, Math.abs(x - cached.scores![s][r][v]), Math.abs(x - uncached.scores![s][r][v])))));
        expect(worst, `row ${r}: step scores alone vs batched / uncached`).toBeLessThan(1e-4);
      }
    });
  }
}

// ---- HF PEFT oracle (../shared/tools/hf-oracle): opt-in, run as a child process ----


export const ORACLE = join(sharedDir, 'tools/hf-oracle/oracle.py');
export const FIXTURES = join(sharedDir, 'fixtures/hf-parity');

/** Why the oracle tests skip, or null when they run (PEFTBENCH_HF_ORACLE=1 or PEFTBENCH_SLOW_TESTS=1, the tool, Debian torch). */
export function oracleSkipReason(): string | null {
  if (process.env.PEFTBENCH_HF_ORACLE !== '1' && process.env.PEFTBENCH_SLOW_TESTS !== '1') return 'opt-in: set PEFTBENCH_HF_ORACLE=1 (or PEFTBENCH_SLOW_TESTS=1)';
  if (!hasShared('tools/hf-oracle') || !hasShared('fixtures/hf-parity')) return `${sharedDir}/tools/hf-oracle or fixtures/hf-parity is absent`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return "/usr/bin/python3 cannot import torch (run ../shared/tools/hf-oracle/setup.sh)";
  }
  return null;
}

export function runOracle(args: string[]): void {
  execFileSync('python3', [ORACLE, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** A fixture's batches as HF PEFT runs them: no position_ids (prompt-learning types drop them). */
export function oracleBatches(fixture: string): ModelInput[] {
  const inputs = JSON.parse(readFileSync(join(FIXTURES, fixture, 'inputs.json'), 'utf8'));
  return inputs.batches.map((b: any) => ({ inputIds: b.input_ids, attentionMask: b.attention_mask, tokenTypeIds: b.token_type_ids ?? undefined }));
}

/**
 * Max |ours - HF| over the rows that are not left-padded (HF PEFT numbers a left-padded row's positions over its
 * pads, so such a row is not what it is alone; we keep rows position-consistent), after HF's `logits_offset`
 * (virtual-token positions in front: ours have the same ones).
 */
export function maxDiffToOracle(model: PreTrainedModel, batches: ModelInput[], oracleJsonPath: string): { worst: number; rows: number } {
  const hf = JSON.parse(readFileSync(oracleJsonPath, 'utf8'));
  let worst = 0;
  let rows = 0;
  batches.forEach((b, i) => {
    const ours = tf.tidy(() => model.forward(b).logits!.arraySync()) as number[][] | number[][][];
    const theirs = hf.batches[i].logits as typeof ours;
    b.attentionMask.forEach((mask, r) => {
      if (mask[0] !== 1) return;
      rows++;
      const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
      const a = flat(ours[r]);
      const h = flat(theirs[r]);
      if (a.length !== h.length) throw new Error(`batch ${i} row ${r}: ${a.length} logits here, ${h.length} from HF`);
      a.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - h[j]))));
    });
  });
  return { worst, rows };
}
