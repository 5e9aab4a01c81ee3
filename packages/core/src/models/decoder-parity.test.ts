/**
 * Parity with Hugging Face: every GPT-2 / Llama fixture in ../shared/fixtures/hf-parity loads through
 * the normal loader and matches expected.json within 1e-4 (logits, hidden states on compare_mask
 * positions, loss, loss_valid).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadModel } from './index.ts';
import { causalLmLoss } from '../train/losses.ts';
import { initBackendForTests, maxAbsDiffToExpected } from '../testing.ts';

export const DECODER_FIXTURES = ['gpt2-1', 'gpt2-2', 'llama-1', 'llama-2'];
const available = hasShared('fixtures/hf-parity');
if (!available) console.log(`skipping decoder HF parity tests: ${sharedDir}/fixtures/hf-parity is absent`);


describe.skipIf(!available)('HF parity: decoders', () => {
  beforeAll(async () => {
    await initBackendForTests();
  });

  for (const name of DECODER_FIXTURES) {
    test(name, async () => {
      const dir = join(sharedDir, 'fixtures/hf-parity', name);
      const inputs = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const { model, report } = await loadModel(dir, { task: 'causal-lm' });
      expect(report.newlyInitialised).toEqual([]);
      for (const [i, batch] of inputs.batches.entries()) {
        const exp = expected.batches[i];
        const where = `${name}/${batch.name}`;
        tf.tidy(() => {
          const out = model.forward({ inputIds: batch.input_ids, attentionMask: batch.attention_mask, positionIds: batch.position_ids ?? undefined }, { outputHiddenStates: true });
          const mask = batch.compare_mask;
          expect(maxAbsDiffToExpected(out.logits!, exp.logits, mask), `${where} logits`).toBeLessThan(1e-4);
          expect(maxAbsDiffToExpected(out.lastHiddenState, exp.last_hidden_state, mask), `${where} last hidden`).toBeLessThan(1e-4);
          expect(out.hiddenStates!.length).toBe(model.numLayers + 1);
          if (exp.hidden_states) {
            exp.hidden_states.forEach((hs: unknown, l: number) => expect(maxAbsDiffToExpected(out.hiddenStates![l], hs, mask), `${where} hidden ${l}`).toBeLessThan(1e-4));
          }
          // loss (pads included) is reproducible only where no row is left-padded (see the fixture README)
          if (batch.padding_side !== 'left') expect(Math.abs(causalLmLoss(out.logits!, batch.labels).arraySync() - exp.loss), `${where} loss`).toBeLessThan(1e-4);
          expect(Math.abs(causalLmLoss(out.logits!, batch.labels_valid).arraySync() - exp.loss_valid), `${where} loss_valid`).toBeLessThan(1e-4);
          // the same targets from input_ids + attention mask (targets at or predicted from padding dropped)
          expect(Math.abs(causalLmLoss(out.logits!, batch.input_ids, batch.attention_mask).arraySync() - exp.loss_valid), `${where} loss_valid (mask)`).toBeLessThan(1e-4);
        });
      }
      model.dispose();
    });
  }
});
