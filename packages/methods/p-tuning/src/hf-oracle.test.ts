/**
 * Against HF PEFT itself (../shared/tools/hf-oracle, PEFT 0.7.1 and 0.10.0; opt-in: PEFTBENCH_HF_ORACLE=1): an HF-saved
 * P_TUNING adapter (MLP and LSTM encoders) loads here with HF's logits, ours loads in HF PEFT (every tensor used) with
 * our logits (GPT-2, RoBERTa, BERT; left-padded rows left out); and our LSTM prompt encoder equals torch's own
 * nn.LSTM + mlp_head (Debian torch, the oracle's Python) on the same weights.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { saveAdapter, type TaskKind } from '@peftbench/core';
import { initBackendForTests, loadFixture, randomize } from '@peftbench/core/testing';
import { FIXTURES, maxDiff, maxDiffToOracle, oracleBatches, oracleSkipReason, runOracle, tinyGpt2 } from '@peftbench/method-prefix-tuning/testing';
import { loadPTuningAdapter, method, pTuningConfigSchema } from './index.ts';

const skip = oracleSkipReason();
if (skip) console.log(`skipping HF PEFT oracle tests (p-tuning): ${skip}`);

const CASES: { fixture: string; task: TaskKind }[] = [
  { fixture: 'gpt2-1', task: 'causal-lm' },
  { fixture: 'roberta-1', task: 'sequence-classification' },
  { fixture: 'bert-1', task: 'sequence-classification' },
  { fixture: 'llama-1', task: 'causal-lm' },
  { fixture: 'llama-2', task: 'causal-lm' }, // grouped-query attention
];

describe.skipIf(skip !== null)('P-tuning against HF PEFT', () => {
  beforeAll(initBackendForTests);
  for (const peft of ['0.7.1', '0.10.0']) {
    for (const { fixture, task } of CASES) {
      for (const type of ['MLP', 'LSTM']) {
        test(`${fixture}, PEFT ${peft}, ${type}: HF's adapter here, ours in HF`, async () => {
          const tmp = mkdtempSync(join(tmpdir(), 'ptuning-oracle-'));
          const inputs = join(FIXTURES, fixture, 'inputs.json');
          writeFileSync(join(tmp, 'hf.json'), JSON.stringify({ peft_type: 'P_TUNING', num_virtual_tokens: 4, encoder_hidden_size: 8, encoder_reparameterization_type: type }));
          runOracle(['peft-save', '--base', join(FIXTURES, fixture), '--config', join(tmp, 'hf.json'), '--seed', '7', '--out', join(tmp, 'hf'), '--inputs', inputs, '--peft', peft]);
          const m = await loadFixture(fixture, task);
          loadPTuningAdapter(join(tmp, 'hf'), m, { kind: task });
          const a = maxDiffToOracle(m, oracleBatches(fixture), join(tmp, 'hf', 'oracle_logits.json'));
          expect(a.rows).toBeGreaterThan(0);
          expect(a.worst, 'HF adapter in peftbench').toBeLessThan(1e-4);
          const ours = await loadFixture(fixture, task);
          const applied = method.apply(ours, pTuningConfigSchema.parse({ numVirtualTokens: 3, encoderHiddenSize: 6, encoderReparameterizationType: type }), { kind: task });
          randomize(ours, (n) => ours.params.get(n).trainable, 11);
          mkdirSync(join(tmp, 'ours'));
          saveAdapter(join(tmp, 'ours'), applied);
          runOracle(['peft-logits', '--base', join(FIXTURES, fixture), '--adapter', join(tmp, 'ours'), '--inputs', inputs, '--out', join(tmp, 'ours.hf.json'), '--peft', peft]);
          const b = maxDiffToOracle(ours, oracleBatches(fixture), join(tmp, 'ours.hf.json'));
          expect(b.worst, 'peftbench adapter in HF PEFT').toBeLessThan(1e-4);
          console.log(`p-tuning ${fixture} peft ${peft} ${type}: HF→ours ${a.worst.toExponential(1)}, ours→HF ${b.worst.toExponential(1)} (${a.rows} rows)`);
        });
      }
    }
  }

  test("LSTM prompt encoder = torch.nn.LSTM(bidirectional) + mlp_head on the same weights", () => {
    const m = tinyGpt2();
    const cfg = pTuningConfigSchema.parse({ numVirtualTokens: 5, encoderHiddenSize: 6, encoderNumLayers: 2 });
    const applied = method.apply(m, cfg, { kind: 'causal-lm' });
    const ours = applied.adapterTensors().get('prompt_embeddings')!.arraySync() as number[][];
    const weights = Object.fromEntries(m.params.all().filter((p) => p.name.startsWith('ptuning.')).map((p) => [p.name.slice('ptuning.'.length), m.params.hfValue(p.name).arraySync()]));
    const script = `
import json, sys, torch
w = json.load(sys.stdin)
lstm = torch.nn.LSTM(input_size=16, hidden_size=6, num_layers=2, bidirectional=True, batch_first=True)
head = torch.nn.Sequential(torch.nn.Linear(12, 12), torch.nn.ReLU(), torch.nn.Linear(12, 16))
with torch.no_grad():
    for n, p in lstm.named_parameters(): p.copy_(torch.tensor(w['lstm_head.' + n]))
    for n, p in head.named_parameters(): p.copy_(torch.tensor(w['mlp_head.' + n]))
    x = torch.tensor(w['embedding.weight']).unsqueeze(0)
    print(json.dumps(head(lstm(x)[0])[0].tolist()))
`;
    const out = execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(weights) }).toString();
    const torchOut = JSON.parse(out) as number[][];
    const worst = maxDiff(ours, torchOut);
    console.log(`p-tuning LSTM encoder vs torch: max |diff| ${worst.toExponential(1)}`);
    expect(worst).toBeLessThan(1e-5);
  });
});
