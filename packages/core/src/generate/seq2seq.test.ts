/**
 * Encoder-decoder generation against HF generate() on the T5 fixtures: greedy token ids exact and per-step
 * logits within 1e-4 (single prompt and a right-padded batch), beam search (4 beams, 4 returned) equal to
 * HF's sequences in order with scores within 1e-4 — each with and without the KV cache — and a padded batch
 * equal to its rows run one by one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, beforeAll } from 'vitest';
import { hasShared, sharedDir, InputError } from '@peftbench/util';
import { loadModel } from '../models/index.ts';
import type { T5Model } from '../models/t5.ts';
import { initBackendForTests } from '../testing.ts';
import { generate } from './generate.ts';
import { generateSeq2seq } from './seq2seq.ts';

const FIXTURES = ['t5-1', 't5-2'];
const available = hasShared('fixtures/hf-parity/t5-1');
if (!available) console.log(`skipping T5 generation tests: ${sharedDir}/fixtures/hf-parity/t5-1 is absent`);

function fixture(name: string) {
  const dir = join(sharedDir, 'fixtures/hf-parity', name);
  return { dir, inputs: JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8')), expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) };
}

describe.skipIf(!available)('T5 generation parity with HF', () => {
  beforeAll(async () => {
    await initBackendForTests();
  });

  for (const name of FIXTURES) {
    test(`${name}: greedy equals HF generate(), with and without the KV cache; padded batch equals row by row`, async () => {
      const { dir, inputs, expected } = fixture(name);
      const { model } = await loadModel<T5Model>(dir, { task: 'causal-lm' });
      for (const key of ['generation', 'generation_batched']) {
        const g = inputs[key];
        const exp = expected[key];
        for (const useCache of [true, false]) {
          // generate() dispatches encoder-decoders to generateSeq2seq
          const out = generate(model, { inputIds: g.input_ids, attentionMask: g.attention_mask }, { maxNewTokens: g.max_new_tokens, useCache, outputScores: true });
          expect(out.sequences, `${name} ${key} cache=${useCache}`).toEqual(exp.sequences);
          expect(out.newTokens).toEqual(exp.new_tokens);
          let worst = 0;
          out.scores!.forEach((step, s) => step.forEach((row, b) => row.forEach((x, v) => (worst = Math.max(worst, Math.abs(x - Math.fround(exp.scores[s][b][v])))))));
          expect(worst, `${name} ${key} step logits cache=${useCache}`).toBeLessThan(1e-4);
        }
      }
      // each padded row alone, without its padding
      const gb = inputs.generation_batched;
      gb.input_ids.forEach((ids: number[], b: number) => {
        const len = gb.attention_mask[b].reduce((a: number, m: number) => a + m, 0);
        const alone = generateSeq2seq(model, { inputIds: [ids.slice(0, len)] }, { maxNewTokens: gb.max_new_tokens });
        expect(alone.sequences[0], `${name} row ${b} alone`).toEqual(expected.generation_batched.sequences[b]);
      });
      model.dispose();
    });

    test(`${name}: beam search (4 beams, 4 returned) equals HF, with and without the KV cache`, async () => {
      const { dir, inputs, expected } = fixture(name);
      const { model } = await loadModel<T5Model>(dir, { task: 'causal-lm' });
      const g = inputs.generation_beam;
      const exp = expected.generation_beam;
      for (const useCache of [true, false]) {
        const out = generateSeq2seq(model, { inputIds: g.input_ids, attentionMask: g.attention_mask }, {
          maxNewTokens: g.max_new_tokens,
          numBeams: g.num_beams,
          numReturnSequences: g.num_return_sequences,
          lengthPenalty: g.length_penalty,
          earlyStopping: g.early_stopping,
          useCache,
        });
        expect(out.sequences, `${name} beam cache=${useCache}`).toEqual(exp.sequences);
        expect(out.newTokens).toEqual(exp.new_tokens);
        out.sequenceScores!.forEach((s, i) => expect(Math.abs(s - exp.sequences_scores[i]), `${name} beam score ${i} cache=${useCache}`).toBeLessThan(1e-4));
      }
      // a right-padded batch under beam search equals each row alone (beams of both rows reorder encoder output and cache)
      const gb = inputs.generation_batched;
      const opts = { maxNewTokens: 5, numBeams: 3, numReturnSequences: 2 };
      const batched = generateSeq2seq(model, { inputIds: gb.input_ids, attentionMask: gb.attention_mask }, opts);
      gb.input_ids.forEach((ids: number[], b: number) => {
        const len = gb.attention_mask[b].reduce((a: number, m: number) => a + m, 0);
        const alone = generateSeq2seq(model, { inputIds: [ids.slice(0, len)] }, opts);
        expect(batched.sequences.slice(2 * b, 2 * b + 2), `${name} beam row ${b}`).toEqual(alone.sequences);
        batched.sequenceScores!.slice(2 * b, 2 * b + 2).forEach((s, i) => expect(Math.abs(s - alone.sequenceScores![i])).toBeLessThan(1e-4));
      });
      model.dispose();
    });
  }

  test('bad prompts and options throw InputError naming the field', async () => {
    const { model } = await loadModel<T5Model>(fixture('t5-1').dir, { task: 'causal-lm' });
    const expectField = (fn: () => unknown, field: string) => {
      expect(fn).toThrow(InputError);
      expect(fn).toThrow(`[${field}]`);
    };
    expectField(() => generateSeq2seq(model, { inputIds: [[3, 4], [5]] }, { maxNewTokens: 2 }), 'attentionMask');
    expectField(() => generateSeq2seq(model, { inputIds: [[3, 4, 1]] }, { maxNewTokens: 2, numBeams: 2, numReturnSequences: 3 }), 'numReturnSequences');
    expectField(() => generateSeq2seq(model, { inputIds: [[3, 400, 1]] }, { maxNewTokens: 2 }), 'input_ids');
    model.dispose();
  });
});
