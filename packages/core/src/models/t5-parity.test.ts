/**
 * Parity with Hugging Face's T5ForConditionalGeneration on ../shared/fixtures/hf-parity/t5-1 (v1.0: relu,
 * tied head) and t5-2 (v1.1: gated-gelu, untied head): decoder logits, encoder and decoder hidden states
 * (every layer) and the teacher-forced loss within 1e-4, on the fixtures' unpadded and right-padded batches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadModel } from './index.ts';
import type { T5Model, T5ForwardOutput } from './t5.ts';
import { t5BucketTable } from './t5-position.ts';
import { seq2seqLmLoss, taskLoss } from '../train/losses.ts';
import { initBackendForTests, maxAbsDiffToExpected } from '../testing.ts';

export const T5_FIXTURES = ['t5-1', 't5-2'];
const available = hasShared('fixtures/hf-parity/t5-1');
if (!available) console.log(`skipping T5 HF parity tests: ${sharedDir}/fixtures/hf-parity/t5-1 is absent`);

describe.skipIf(!available)('HF parity: T5', () => {
  beforeAll(async () => {
    await initBackendForTests();
  });

  for (const name of T5_FIXTURES) {
    test(name, async () => {
      const dir = join(sharedDir, 'fixtures/hf-parity', name);
      const inputs = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const { model, report } = await loadModel<T5Model>(dir, { task: 'causal-lm' });
      expect(report).toEqual({ unused: [], newlyInitialised: [] });
      for (const [i, batch] of inputs.batches.entries()) {
        const exp = expected.batches[i];
        const where = `${name}/${batch.name}`;
        // the relative-position buckets are HF's
        const T = batch.input_ids[0].length;
        const Td = batch.decoder_input_ids[0].length;
        const c = model.cfg;
        expect(t5BucketTable(T, T, 0, true, c.relative_attention_num_buckets, c.relative_attention_max_distance), `${where} encoder buckets`).toEqual(batch.encoder_relative_position_buckets);
        expect(t5BucketTable(Td, Td, 0, false, c.relative_attention_num_buckets, c.relative_attention_max_distance), `${where} decoder buckets`).toEqual(batch.decoder_relative_position_buckets);
        tf.tidy(() => {
          const input = { inputIds: batch.input_ids, attentionMask: batch.attention_mask, decoderInputIds: batch.decoder_input_ids, labels: batch.labels };
          const out = model.forward(input, { outputHiddenStates: true }) as T5ForwardOutput;
          expect(maxAbsDiffToExpected(out.logits!, exp.logits, batch.decoder_compare_mask), `${where} logits`).toBeLessThan(1e-4);
          expect(maxAbsDiffToExpected(out.encoderLastHiddenState, exp.encoder_last_hidden_state, batch.compare_mask), `${where} encoder last`).toBeLessThan(1e-4);
          expect(out.encoderHiddenStates!.length).toBe(model.numEncoderLayers + 1);
          expect(out.decoderHiddenStates!.length).toBe(model.numDecoderLayers + 1);
          exp.encoder_hidden_states.forEach((hs: unknown, l: number) => expect(maxAbsDiffToExpected(out.encoderHiddenStates![l], hs, batch.compare_mask), `${where} encoder hidden ${l}`).toBeLessThan(1e-4));
          exp.decoder_hidden_states.forEach((hs: unknown, l: number) => expect(maxAbsDiffToExpected(out.decoderHiddenStates![l], hs, batch.decoder_compare_mask), `${where} decoder hidden ${l}`).toBeLessThan(1e-4));
          expect(Math.abs(seq2seqLmLoss(out.logits!, batch.labels).arraySync() - exp.loss), `${where} loss`).toBeLessThan(1e-4);
          // the trainer's loss, with decoder inputs derived from the labels (HF's shift-right)
          const fromLabels = model.forward({ inputIds: batch.input_ids, attentionMask: batch.attention_mask, labels: batch.labels });
          expect(maxAbsDiffToExpected(fromLabels.logits!, exp.logits), `${where} logits from labels`).toBeLessThan(1e-4);
          expect(Math.abs(taskLoss(model, fromLabels, { ...input, labels: batch.labels }).arraySync() - exp.loss), `${where} task loss`).toBeLessThan(1e-4);
        });
      }
      model.dispose();
    });

    test(`${name} as a bare T5Model: decoder states without the head`, async () => {
      const dir = join(sharedDir, 'fixtures/hf-parity', name);
      const inputs = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const { model, report } = await loadModel<T5Model>(dir, { task: 'bare' });
      expect(report.unused).toEqual(name === 't5-2' ? ['lm_head.weight'] : []);
      const batch = inputs.batches[1];
      tf.tidy(() => {
        const out = model.forward({ inputIds: batch.input_ids, attentionMask: batch.attention_mask, decoderInputIds: batch.decoder_input_ids });
        expect(out.logits).toBeUndefined();
        const last = expected.batches[1].decoder_hidden_states.at(-1);
        expect(maxAbsDiffToExpected(out.lastHiddenState, last), `${name} bare decoder last`).toBeLessThan(1e-4);
      });
      model.dispose();
    });
  }
});
