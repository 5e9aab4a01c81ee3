/**
 * Opt-in (PEFTBENCH_HF_ORACLE=1 or PEFTBENCH_SLOW_TESTS=1; needs ../shared/tools/hf-oracle and Debian's
 * python3-torch): T5 corner cases the fixtures do not cover, checked against Hugging Face's own code run by
 * the oracle as an external process. Untied gated-GELU with more decoder than encoder layers and an inner
 * size (num_heads · d_kv) different from d_model; a tied ReLU model with more encoder layers and 32 buckets;
 * sequences long enough for the logarithmic buckets and distances beyond max_distance; a decoder padding
 * mask; greedy (right-padded batch) and beam generation.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { sharedDir } from '@peftbench/util';
import { loadModel } from './index.ts';
import type { T5Model, T5ForwardOutput } from './t5.ts';
import { seq2seqLmLoss } from '../train/losses.ts';
import { generate } from '../generate/index.ts';
import { initBackendForTests, maxAbsDiffToExpected } from '../testing.ts';

const ORACLE = join(sharedDir, 'tools/hf-oracle/oracle.py');

function skipReason(): string | null {
  if (process.env.PEFTBENCH_HF_ORACLE !== '1' && process.env.PEFTBENCH_SLOW_TESTS !== '1') return 'opt-in: set PEFTBENCH_HF_ORACLE=1 (or PEFTBENCH_SLOW_TESTS=1)';
  if (!existsSync(ORACLE)) return `${ORACLE} is absent`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return 'Debian python3-torch is not installed (/usr/bin/python3 -c "import torch" failed)';
  }
  return null;
}
const reason = skipReason();
if (reason) console.log(`skipping T5 hf-oracle corner cases: ${reason}`);

const CASES: { name: string; seed: number; config: Record<string, unknown> }[] = [
  {
    name: 'untied gated-gelu, 2 encoder + 4 decoder layers, inner 15 != d_model 16',
    seed: 1701,
    config: { d_model: 16, d_kv: 5, num_heads: 3, d_ff: 40, num_layers: 2, num_decoder_layers: 4, vocab_size: 90, relative_attention_num_buckets: 32, relative_attention_max_distance: 24, feed_forward_proj: 'gated-gelu', tie_word_embeddings: false },
  },
  {
    name: 'tied relu, 3 encoder + 1 decoder layer, 32 buckets',
    seed: 1702,
    config: { d_model: 24, d_kv: 6, num_heads: 4, d_ff: 48, num_layers: 3, num_decoder_layers: 1, vocab_size: 80, relative_attention_num_buckets: 32, relative_attention_max_distance: 20, feed_forward_proj: 'relu' },
  },
];

function rng(seed: number) {
  let s = seed;
  return (n: number) => ((s = (s * 1103515245 + 12345) % 2147483648), 3 + (s % (n - 3)));
}

function inputsFor(vocab: number, seed: number) {
  const r = rng(seed);
  const row = (len: number, T: number) => [...Array.from({ length: len - 1 }, () => r(vocab)), 1, ...Array(T - len).fill(0)];
  const mask = (len: number, T: number) => [...Array(len).fill(1), ...Array(T - len).fill(0)];
  const labels = (len: number, T: number) => [...Array.from({ length: len - 1 }, () => r(vocab)), 1, ...Array(T - len).fill(-100)];
  const shift = (l: number[]) => [0, ...l.slice(0, -1)].map((y) => (y === -100 ? 0 : y));
  const lens = [30, 17, 6];
  const dl = [26, 9, 3];
  const batchLabels = dl.map((l) => labels(l, 26));
  const base = { input_ids: lens.map((l) => row(l, 30)), attention_mask: lens.map((l) => mask(l, 30)), labels: batchLabels, decoder_input_ids: batchLabels.map(shift), position_ids: null, token_type_ids: null };
  return {
    batches: [
      { name: 'right_padded', ...base, decoder_attention_mask: null },
      { name: 'decoder_mask', ...base, decoder_attention_mask: dl.map((l) => mask(Math.min(l + 1, 26), 26)) },
    ],
    generation_batched: { input_ids: [row(12, 12), row(5, 12)], attention_mask: [mask(12, 12), mask(5, 12)], max_new_tokens: 10, do_sample: false, num_beams: 1, decoder_start_token_id: 0, pad_token_id: 0, eos_token_id: 1 },
    generation_beam: { input_ids: [row(9, 9)], attention_mask: [mask(9, 9)], max_new_tokens: 7, do_sample: false, num_beams: 3, num_return_sequences: 3, length_penalty: 1.0, early_stopping: false, decoder_start_token_id: 0, pad_token_id: 0, eos_token_id: 1 },
  };
}

describe.skipIf(reason !== null)('T5 corner cases vs the HF oracle', () => {
  beforeAll(initBackendForTests);

  for (const c of CASES) {
    test(c.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'peftbench-t5-oracle-'));
      const config = { model_type: 't5', architectures: ['T5ForConditionalGeneration'], decoder_start_token_id: 0, ...c.config };
      writeFileSync(join(dir, 'in-config.json'), JSON.stringify(config));
      const model = join(dir, 'model');
      execFileSync('python3', [ORACLE, 'init-weights', '--config', join(dir, 'in-config.json'), '--seed', String(c.seed), '--out', model], { stdio: 'pipe' });
      const inputs = inputsFor(c.config.vocab_size as number, c.seed);
      writeFileSync(join(dir, 'inputs.json'), JSON.stringify(inputs));
      execFileSync('python3', [ORACLE, 'hf-outputs', '--model', model, '--inputs', join(dir, 'inputs.json'), '--out', join(dir, 'expected.json')], { stdio: 'pipe' });
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const { model: m } = await loadModel<T5Model>(model, { task: 'causal-lm' });
      inputs.batches.forEach((b, i) => {
        const exp = expected.batches[i];
        tf.tidy(() => {
          const out = m.forward({ inputIds: b.input_ids, attentionMask: b.attention_mask, decoderInputIds: b.decoder_input_ids, decoderAttentionMask: b.decoder_attention_mask ?? undefined }, { outputHiddenStates: true }) as T5ForwardOutput;
          expect(maxAbsDiffToExpected(out.logits!, exp.logits), `${b.name} logits`).toBeLessThan(1e-4);
          expect(maxAbsDiffToExpected(out.encoderLastHiddenState, exp.encoder_last_hidden_state), `${b.name} encoder`).toBeLessThan(1e-4);
          exp.decoder_hidden_states.forEach((hs: unknown, l: number) => expect(maxAbsDiffToExpected(out.decoderHiddenStates![l], hs), `${b.name} decoder hidden ${l}`).toBeLessThan(1e-4));
          expect(Math.abs(seq2seqLmLoss(out.logits!, b.labels).arraySync() - exp.loss), `${b.name} loss`).toBeLessThan(1e-4);
        });
      });
      for (const useCache of [true, false]) {
        const g = inputs.generation_batched;
        const greedy = generate(m, { inputIds: g.input_ids, attentionMask: g.attention_mask }, { maxNewTokens: g.max_new_tokens, useCache });
        expect(greedy.sequences, `greedy cache=${useCache}`).toEqual(expected.generation_batched.sequences);
        const gb = inputs.generation_beam;
        const beam = generate(m, { inputIds: gb.input_ids }, { maxNewTokens: gb.max_new_tokens, numBeams: 3, numReturnSequences: 3, useCache });
        expect(beam.sequences, `beam cache=${useCache}`).toEqual(expected.generation_beam.sequences);
        beam.sequenceScores!.forEach((s, i) => expect(Math.abs(s - expected.generation_beam.sequences_scores[i])).toBeLessThan(1e-4));
      }
      m.dispose();
    }, 300_000);
  }
});
