/**
 * Both ways against HF PEFT itself (../shared/tools/hf-oracle, PEFT 0.7.1 and 0.10.0; opt-in: PEFTBENCH_HF_ORACLE=1):
 * an HF-saved PROMPT_TUNING adapter loads here with HF's logits (virtual-token positions included), and ours loads in
 * HF PEFT (every tensor used) with our logits. GPT-2 (causal LM), RoBERTa and BERT (sequence classification).
 * Left-padded rows are left out (HF numbers their positions over the pads).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { saveAdapter, type TaskKind } from '@peftbench/core';
import { initBackendForTests, loadFixture, randomize } from '@peftbench/core/testing';
import { FIXTURES, maxDiffToOracle, oracleBatches, oracleSkipReason, runOracle } from '@peftbench/method-prefix-tuning/testing';
import { loadPromptTuningAdapter, method, promptTuningConfigSchema } from './index.ts';

const skip = oracleSkipReason();
if (skip) console.log(`skipping HF PEFT oracle tests (prompt tuning): ${skip}`);

const CASES: { fixture: string; task: TaskKind }[] = [
  { fixture: 'gpt2-1', task: 'causal-lm' },
  { fixture: 'roberta-1', task: 'sequence-classification' },
  { fixture: 'bert-1', task: 'sequence-classification' },
  { fixture: 'llama-1', task: 'causal-lm' },
  { fixture: 'llama-2', task: 'causal-lm' }, // grouped-query attention
];

describe.skipIf(skip !== null)('prompt tuning against HF PEFT', () => {
  beforeAll(initBackendForTests);
  for (const peft of ['0.7.1', '0.10.0']) {
    for (const { fixture, task } of CASES) {
      test(`${fixture}, PEFT ${peft}: HF's adapter here, ours in HF`, async () => {
        const tmp = mkdtempSync(join(tmpdir(), 'prompt-oracle-'));
        const inputs = join(FIXTURES, fixture, 'inputs.json');
        writeFileSync(join(tmp, 'hf.json'), JSON.stringify({ peft_type: 'PROMPT_TUNING', num_virtual_tokens: 4 }));
        runOracle(['peft-save', '--base', join(FIXTURES, fixture), '--config', join(tmp, 'hf.json'), '--seed', '7', '--out', join(tmp, 'hf'), '--inputs', inputs, '--peft', peft]);
        const m = await loadFixture(fixture, task);
        loadPromptTuningAdapter(join(tmp, 'hf'), m, { kind: task });
        const a = maxDiffToOracle(m, oracleBatches(fixture), join(tmp, 'hf', 'oracle_logits.json'));
        expect(a.rows).toBeGreaterThan(0);
        expect(a.worst, 'HF adapter in peftbench').toBeLessThan(1e-4);
        const ours = await loadFixture(fixture, task);
        const applied = method.apply(ours, promptTuningConfigSchema.parse({ numVirtualTokens: 3, init: 'random' }), { kind: task });
        randomize(ours, (n) => ours.params.get(n).trainable, 11);
        mkdirSync(join(tmp, 'ours'));
        saveAdapter(join(tmp, 'ours'), applied);
        runOracle(['peft-logits', '--base', join(FIXTURES, fixture), '--adapter', join(tmp, 'ours'), '--inputs', inputs, '--out', join(tmp, 'ours.hf.json'), '--peft', peft]);
        const b = maxDiffToOracle(ours, oracleBatches(fixture), join(tmp, 'ours.hf.json'));
        expect(b.worst, 'peftbench adapter in HF PEFT').toBeLessThan(1e-4);
        console.log(`prompt ${fixture} peft ${peft}: HF→ours ${a.worst.toExponential(1)}, ours→HF ${b.worst.toExponential(1)} (${a.rows} rows)`);
      });
    }
  }
});
