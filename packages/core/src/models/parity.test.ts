/**
 * Parity with Hugging Face: every encoder fixture in ../shared/fixtures/hf-parity (outputs of HF's own
 * modeling code) loads through the normal loader and matches within 1e-4.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadModel } from './index.ts';
import { initBackendForTests, maxAbsDiffToExpected } from '../testing.ts';

const FIXTURES = ['bert-1', 'bert-2', 'roberta-1', 'roberta-2'];
const available = hasShared('fixtures/hf-parity');
if (!available) console.log(`skipping HF parity tests: ${sharedDir}/fixtures/hf-parity is absent`);


describe.skipIf(!available)('HF parity: encoders', () => {
  beforeAll(async () => {
    await initBackendForTests();
  });

  for (const name of FIXTURES) {
    test(name, async () => {
      const dir = join(sharedDir, 'fixtures/hf-parity', name);
      const inputs = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const arch: string = expected.meta.model_class;
      const task = arch.endsWith('TokenClassification') ? 'token-classification' : 'sequence-classification';
      const { model, report } = await loadModel(dir, { task });
      expect(report.newlyInitialised).toEqual([]);
      for (const [i, batch] of inputs.batches.entries()) {
        const exp = expected.batches[i];
        tf.tidy(() => {
          const out = model.forward(
            { inputIds: batch.input_ids, attentionMask: batch.attention_mask, tokenTypeIds: batch.token_type_ids, positionIds: batch.position_ids ?? undefined },
            { outputHiddenStates: true },
          );
          expect(maxAbsDiffToExpected(out.logits!, exp.logits), `${name}/${batch.name} logits`).toBeLessThan(1e-4);
          expect(maxAbsDiffToExpected(out.lastHiddenState, exp.last_hidden_state), `${name}/${batch.name} last hidden`).toBeLessThan(1e-4);
          if (exp.hidden_states) {
            expect(out.hiddenStates!.length).toBe(exp.hidden_states.length);
            exp.hidden_states.forEach((hs: unknown, l: number) => expect(maxAbsDiffToExpected(out.hiddenStates![l], hs), `${name}/${batch.name} hidden ${l}`).toBeLessThan(1e-4));
          }
          if (exp.pooler_output) expect(maxAbsDiffToExpected(out.poolerOutput!, exp.pooler_output), `${name}/${batch.name} pooler`).toBeLessThan(1e-4);
        });
      }
      model.dispose();
    });
  }
});
