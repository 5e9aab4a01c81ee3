/**
 * DeBERTa-v3 parity with Hugging Face: the deberta fixtures of ../shared/fixtures/hf-parity (outputs of HF's
 * own DebertaV2 modeling code) load through the normal loader and match within 1e-4 (logits, last and
 * per-layer hidden states, pooler), and our relative-position buckets equal the fixtures' tables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadModel, debertaRelativePositions, type DebertaV2Config } from './index.ts';
import { initBackendForTests, maxAbsDiffToExpected } from '../testing.ts';

const FIXTURES = ['deberta-1', 'deberta-2'];
const available = hasShared('fixtures/hf-parity/deberta-1');
if (!available) console.log(`skipping DeBERTa parity tests: ${sharedDir}/fixtures/hf-parity/deberta-1 is absent`);

describe.skipIf(!available)('HF parity: DeBERTa-v3', () => {
  beforeAll(initBackendForTests);

  for (const name of FIXTURES) {
    test(name, async () => {
      const dir = join(sharedDir, 'fixtures/hf-parity', name);
      const inputs = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const arch: string = expected.meta.model_class;
      const task = arch.endsWith('TokenClassification') ? 'token-classification' : 'sequence-classification';
      const { model, report } = await loadModel(dir, { task });
      expect(report).toEqual({ unused: [], newlyInitialised: [] });
      for (const [i, batch] of inputs.batches.entries()) {
        const T = batch.input_ids[0].length;
        expect(debertaRelativePositions(T, model.config as DebertaV2Config), `${name}/${batch.name} buckets`).toEqual(batch.relative_position_buckets);
        const exp = expected.batches[i];
        tf.tidy(() => {
          const out = model.forward({ inputIds: batch.input_ids, attentionMask: batch.attention_mask, tokenTypeIds: batch.token_type_ids ?? undefined }, { outputHiddenStates: true });
          expect(maxAbsDiffToExpected(out.logits!, exp.logits), `${name}/${batch.name} logits`).toBeLessThan(1e-4);
          expect(maxAbsDiffToExpected(out.lastHiddenState, exp.last_hidden_state), `${name}/${batch.name} last hidden`).toBeLessThan(1e-4);
          if (exp.hidden_states) {
            expect(out.hiddenStates!.length).toBe(exp.hidden_states.length);
            exp.hidden_states.forEach((hs: unknown, l: number) => expect(maxAbsDiffToExpected(out.hiddenStates![l], hs), `${name}/${batch.name} hidden ${l}`).toBeLessThan(1e-4));
          }
          if (exp.pooler_output) expect(maxAbsDiffToExpected(out.poolerOutput!, exp.pooler_output), `${name}/${batch.name} pooler`).toBeLessThan(1e-4);
          else expect(out.poolerOutput).toBeUndefined();
        });
      }
      model.dispose();
    });
  }
});
