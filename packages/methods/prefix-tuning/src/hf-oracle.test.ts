/**
 * Both ways against HF PEFT itself (../shared/tools/hf-oracle, PEFT 0.7.1 and 0.10.0; opt-in: PEFTBENCH_HF_ORACLE=1):
 * an adapter HF PEFT saved loads here and gives HF's logits; an adapter saved here loads in HF PEFT (every tensor
 * used) and gives our logits. GPT-2 (causal LM) and RoBERTa / BERT (sequence classification), with and without
 * the MLP. Left-padded rows are left out of the comparison (HF numbers their positions over the pads).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { saveAdapter, type TaskKind } from '@peftbench/core';
import { initBackendForTests, loadFixture, randomize } from '@peftbench/core/testing';
import { loadPrefixTuningAdapter, method, prefixTuningConfigSchema } from './index.ts';
import { FIXTURES, maxDiffToOracle, oracleBatches, oracleSkipReason, runOracle } from './testing.ts';

const skip = oracleSkipReason();
if (skip) console.log(`skipping HF PEFT oracle tests (prefix tuning): ${skip}`);

const CASES: { fixture: string; task: TaskKind }[] = [
  { fixture: 'gpt2-1', task: 'causal-lm' },
  { fixture: 'roberta-1', task: 'sequence-classification' },
  { fixture: 'bert-1', task: 'sequence-classification' },
  { fixture: 'llama-1', task: 'causal-lm' },
];

describe.skipIf(skip !== null)('prefix tuning against HF PEFT', () => {
  beforeAll(initBackendForTests);
  for (const peft of ['0.7.1', '0.10.0']) {
    for (const { fixture, task } of CASES) {
      for (const projection of [false, true]) {
        test(`${fixture}, PEFT ${peft}, prefix_projection ${projection}: HF's adapter here, ours in HF`, async () => {
          const tmp = mkdtempSync(join(tmpdir(), 'prefix-oracle-'));
          const inputs = join(FIXTURES, fixture, 'inputs.json');
          // HF → ours
          const hfCfg = join(tmp, 'hf.json');
          writeFileSync(hfCfg, JSON.stringify({ peft_type: 'PREFIX_TUNING', num_virtual_tokens: 4, prefix_projection: projection, encoder_hidden_size: 8 }));
          runOracle(['peft-save', '--base', join(FIXTURES, fixture), '--config', hfCfg, '--seed', '7', '--out', join(tmp, 'hf'), '--inputs', inputs, '--peft', peft]);
          const m = await loadFixture(fixture, task);
          loadPrefixTuningAdapter(join(tmp, 'hf'), m, { kind: task });
          const a = maxDiffToOracle(m, oracleBatches(fixture), join(tmp, 'hf', 'oracle_logits.json'));
          expect(a.rows).toBeGreaterThan(0);
          expect(a.worst, 'HF adapter in peftbench').toBeLessThan(1e-4);
          // ours → HF
          const ours = await loadFixture(fixture, task);
          const cfg = prefixTuningConfigSchema.parse({ numVirtualTokens: 3, prefixProjection: projection, encoderHiddenSize: 6 });
          const applied = method.apply(ours, cfg, { kind: task });
          randomize(ours, (n) => ours.params.get(n).trainable, 11);
          mkdirSync(join(tmp, 'ours'));
          saveAdapter(join(tmp, 'ours'), applied);
          runOracle(['peft-logits', '--base', join(FIXTURES, fixture), '--adapter', join(tmp, 'ours'), '--inputs', inputs, '--out', join(tmp, 'ours.hf.json'), '--peft', peft]);
          const b = maxDiffToOracle(ours, oracleBatches(fixture), join(tmp, 'ours.hf.json'));
          expect(b.worst, 'peftbench adapter in HF PEFT').toBeLessThan(1e-4);
          console.log(`prefix ${fixture} peft ${peft} projection ${projection}: HF→ours ${a.worst.toExponential(1)}, ours→HF ${b.worst.toExponential(1)} (${a.rows} rows)`);
        });
      }
    }
  }
});
