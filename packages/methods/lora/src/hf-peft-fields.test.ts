/** HF PEFT field lists (the transcribed fixture) and LoRA's adapter_config.json against every supported version. */
import { beforeAll, describe, expect, test } from 'vitest';
import { parseMethodConfig } from '@peftbench/core';
import { fixturesAvailable, initBackendForTests, loadFixture } from '@peftbench/core/testing';
import { InputError } from '@peftbench/util';
import { HF_PEFT_VERSIONS, checkHfPeftConfig, hfModulesToSave, hfPeftConfigProblems, method, portableHfPeftFields } from './index.ts';

describe('the transcribed field lists', () => {
  test('versions oldest first; 0.7.1 and 0.10.0 reject unknown fields, the newest drops them', () => {
    expect(HF_PEFT_VERSIONS.map((v) => v.version.split(' ')[0])).toEqual(['0.7.1', '0.10.0', 'newest']);
    expect(HF_PEFT_VERSIONS.map((v) => v.rejectsUnknownFields)).toEqual([true, true, false]);
  });
  test('fields are only added from one version to the next (so the oldest list is the portable one)', () => {
    for (let i = 1; i < HF_PEFT_VERSIONS.length; i++) {
      for (const [type, cls] of Object.entries(HF_PEFT_VERSIONS[i - 1].classes)) {
        const next = new Set(HF_PEFT_VERSIONS[i].classes[type as keyof typeof HF_PEFT_VERSIONS[0]['classes']].fields);
        for (const f of cls.fields) expect(next.has(f), `${type}.${f} in ${HF_PEFT_VERSIONS[i].version}`).toBe(true);
      }
    }
    expect([...portableHfPeftFields('LORA')].sort()).toEqual([...HF_PEFT_VERSIONS[0].classes.LORA.fields]);
  });
  test("LoraConfig's fields new since 0.7.1 are exactly those the oracle README names (use_rslora, use_dora, layer_replication in 0.10.0)", () => {
    const [v07, v10] = HF_PEFT_VERSIONS;
    expect(v10.classes.LORA.fields.filter((f) => !v07.classes.LORA.fields.includes(f)).sort()).toEqual(['layer_replication', 'use_dora', 'use_rslora']);
    expect(v07.classes.LORA.fields).toContain('loftq_config');
    expect(v07.classes.IA3.fields).toEqual(['auto_mapping', 'base_model_name_or_path', 'fan_in_fan_out', 'feedforward_modules', 'inference_mode', 'init_ia3_weights', 'modules_to_save', 'peft_type', 'revision', 'target_modules', 'task_type']);
    expect(v07.classes.PREFIX_TUNING.fields).toContain('num_virtual_tokens');
    expect(v07.classes.PREFIX_TUNING.fields).not.toContain('init_weights');
  });
  test('checkHfPeftConfig names the field and the version that refuses it; peft_type must match', () => {
    const ok = { peft_type: 'LORA', r: 8, target_modules: ['query'] };
    expect(hfPeftConfigProblems(ok, 'LORA')).toEqual([]);
    const dora = { ...ok, use_dora: false };
    expect(hfPeftConfigProblems(dora, 'LORA').map((p) => [p.version, p.field])).toEqual([['0.7.1', 'use_dora']]);
    expect(() => checkHfPeftConfig(dora, 'LORA', 'x/adapter_config.json')).toThrow(InputError);
    expect(() => checkHfPeftConfig(dora, 'LORA', 'x/adapter_config.json')).toThrow("x/adapter_config.json [use_dora]: HF PEFT 0.7.1 LoraConfig has no field 'use_dora'");
    expect(hfPeftConfigProblems({ ...ok, exclude_modules: null }, 'LORA').map((p) => p.version)).toEqual(['0.7.1', '0.10.0']);
    expect(() => checkHfPeftConfig({ ...ok, peft_type: 'IA3' }, 'LORA')).toThrow('[peft_type]');
  });
  test("hfModulesToSave: RoBERTa's classifier.dense / out_proj → classifier; BERT's pooler keeps its path", () => {
    expect(hfModulesToSave(['classifier.dense.weight', 'classifier.dense.bias', 'classifier.out_proj.weight', 'classifier.out_proj.bias'])).toEqual(['classifier']);
    expect(hfModulesToSave(['bert.pooler.dense.weight', 'bert.pooler.dense.bias', 'classifier.weight', 'classifier.bias'])).toEqual(['bert.pooler.dense', 'classifier']);
    expect(hfModulesToSave([])).toBeNull();
  });
});

describe.skipIf(!fixturesAvailable)("LoRA's adapter_config.json loads in every supported HF PEFT version", () => {
  beforeAll(initBackendForTests);
  const cfg = (raw: Record<string, unknown> = {}) => parseMethodConfig(method, raw);
  for (const [fixture, task] of [['roberta-1', 'sequence-classification'], ['bert-2', 'token-classification'], ['gpt2-1', 'causal-lm'], ['llama-1', 'causal-lm']] as const) {
    test(`${fixture} (${task}): only 0.7.1 fields; RoBERTa/BERT heads as HF names them`, async () => {
      for (const c of [cfg(), cfg({ r: 2, bias: 'all', layers_to_transform: [1], init_lora_weights: false })]) {
        const model = await loadFixture(fixture, task);
        const written = method.apply(model, c, { kind: task }).adapterConfig();
        expect(hfPeftConfigProblems(written, 'LORA')).toEqual([]);
        if (task !== 'causal-lm') expect(written.modules_to_save).toEqual(['classifier']);
        model.dispose();
      }
    });
  }
  test('rsLoRA writes use_rslora: true, which only 0.7.1 refuses (it cannot express that scaling)', async () => {
    const model = await loadFixture('roberta-1');
    const written = method.apply(model, cfg({ use_rslora: true }), { kind: 'sequence-classification' }).adapterConfig();
    expect(hfPeftConfigProblems(written, 'LORA').map((p) => [p.version, p.field])).toEqual([['0.7.1', 'use_rslora']]);
    model.dispose();
  });
});
