/**
 * LoRA both ways through HF PEFT itself (../shared/tools/hf-oracle, HF PEFT 0.7.1 and 0.10.0). Opt-in:
 * PEFTBENCH_HF_ORACLE=1 (needs Debian's python3-torch). Ours → HF: our adapter folder loads in HF PEFT with every
 * tensor used and gives our logits (and merged logits). HF → ours: an adapter HF PEFT saved (random vectors and head)
 * loads here through its adapter_config.json alone and gives HF's logits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadAdapter, readAdapterConfig, saveAdapter, type TaskKind } from '@peftbench/core';
import { FIXTURE_ROOT, fixtureBatches, fixturesAvailable, initBackendForTests, loadFixture, randomize } from '@peftbench/core/testing';
import { HF_PEFT_ORACLE_VERSIONS, compareLogits, hfOracleSkipReason, readJson, runOracle, writeLogitsJson } from './testing.ts';
import { writeFileSync } from 'node:fs';
import { applyLoraMethod, loraConfigFromAdapterConfig, loraConfigSchema } from './index.ts';

const skip = hfOracleSkipReason() ?? (fixturesAvailable ? null : 'fixtures absent');
if (skip) console.log(`skipping HF PEFT oracle checks: ${skip}`);

const CASES: [string, TaskKind][] = [['roberta-1', 'sequence-classification'], ['bert-2', 'token-classification'], ['gpt2-1', 'causal-lm'], ['llama-1', 'causal-lm']];

function ourLogits(model: Awaited<ReturnType<typeof loadFixture>>, fixture: string, path: string): void {
  const inputs = readJson(join(FIXTURE_ROOT, fixture, 'inputs.json'));
  const logits = fixtureBatches(fixture).map((b) => tf.tidy(() => model.forward(b).logits!.arraySync() as number[][][]));
  writeLogitsJson(path, inputs.batches.map((b: { name: string }) => b.name), logits);
}

describe.skipIf(skip !== null)('LoRA against HF PEFT (oracle)', () => {
  beforeAll(initBackendForTests);
  for (const version of HF_PEFT_ORACLE_VERSIONS) {
    for (const [fixture, task] of CASES) {
      const inputs = join(FIXTURE_ROOT, fixture, 'inputs.json');
      test(`ours → HF PEFT ${version}: ${fixture} loads with every tensor used, same logits and merged logits`, async () => {
        const model = await loadFixture(fixture, task, 1);
        const applied = applyLoraMethod(model, loraConfigSchema.parse({ r: 4, lora_alpha: 16, init_lora_weights: false }), { kind: task });
        randomize(model, (n) => n.includes('.lora_') || model.params.get(n).owner === 'head', 11, 0.3);
        const dir = mkdtempSync(join(tmpdir(), 'lora-oracle-'));
        saveAdapter(dir, applied);
        const ours = join(dir, 'ours.json');
        ourLogits(model, fixture, ours);
        const theirs = join(dir, 'hf.json');
        runOracle(['peft-logits', '--base', join(FIXTURE_ROOT, fixture), '--adapter', dir, '--inputs', inputs, '--out', theirs, '--peft', version, '--merged']);
        const hf = readJson(theirs);
        expect(hf.ok, JSON.stringify(hf.problems)).toBe(true);
        expect(hf.state_dict.not_loaded).toEqual([]);
        expect(hf.state_dict.absent_from_file).toEqual([]);
        const cmp = compareLogits(ours, theirs, inputs);
        expect(cmp.pass, cmp.output).toBe(true);
        console.log(`ours → HF PEFT ${version}, ${fixture}: ${cmp.output.split('\n').filter((l) => /logits|PASS|FAIL/.test(l)).join(' | ')}`);
        // HF's merge_and_unload logits against our unmerged ones: rename logits_merged → logits for compare
        const m = readJson(theirs);
        for (const b of m.batches) b.logits = b.logits_merged;
        writeFileSync(join(dir, 'hf-merged.json'), JSON.stringify(m));
        const cmpMerged = compareLogits(ours, join(dir, 'hf-merged.json'), inputs);
        expect(cmpMerged.pass, cmpMerged.output).toBe(true);
        model.dispose();
      });
      test(`HF PEFT ${version} → ours: ${fixture} adapter saved by HF PEFT (r 4, its default targets) gives HF's logits`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'lora-oracle-hf-'));
        writeFileSync(join(dir, 'config.json'), JSON.stringify({ peft_type: 'LORA', r: 4, lora_alpha: 8, lora_dropout: 0.0 }));
        const out = join(dir, 'adapter');
        runOracle(['peft-save', '--base', join(FIXTURE_ROOT, fixture), '--config', join(dir, 'config.json'), '--seed', '7', '--out', out, '--inputs', inputs, '--peft', version]);
        const model = await loadFixture(fixture, task, 3);
        const applied = applyLoraMethod(model, loraConfigFromAdapterConfig(readAdapterConfig(out), { kind: task }, join(out, 'adapter_config.json')), { kind: task });
        loadAdapter(out, applied);
        const ours = join(dir, 'ours.json');
        ourLogits(model, fixture, ours);
        const cmp = compareLogits(ours, join(out, 'oracle_logits.json'), inputs);
        expect(cmp.pass, cmp.output).toBe(true);
        console.log(`HF PEFT ${version} → ours, ${fixture}: ${cmp.output.split('\n').filter((l) => /logits|PASS|FAIL/.test(l)).join(' | ')}`);
        // The comparison can fail: the base model's logits (no adapter) are not HF's adapted ones.
        const base = readJson(join(out, 'oracle_logits.json'));
        for (const b of base.batches) b.logits = b.logits_base;
        writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
        expect(compareLogits(ours, join(dir, 'base.json'), inputs).pass).toBe(false);
        applied.merge!();
        ourLogits(model, fixture, ours);
        const cmpMerged = compareLogits(ours, join(out, 'oracle_logits.json'), inputs);
        expect(cmpMerged.pass, cmpMerged.output).toBe(true);
        model.dispose();
      });
    }
  }
});
