import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasShared, sharedDir } from '@peftbench/util';
import { CharGptTokenizer } from '../../test-support/fake-tokenizers.ts';
import { mathEncodePrompt, mathEncodeTrain } from './encode.ts';
import { loadMath, parseOptions } from './load.ts';
import { mathEvalPrompt, mathTrainPrompt, responseOf } from './template.ts';

const DIR = join(sharedDir, 'data', 'llm-adapters');
if (!hasShared('data/llm-adapters')) console.log(`skipping real math-set tests: ${DIR} is absent`);

describe.skipIf(!hasShared('data/llm-adapters'))('real LLM-Adapters evaluation sets', () => {
  test('sizes: gsm8k 1319, SVAMP 1000, MultiArith 600, AddSub 395, AQuA 254, SingleEq 508; Math10K absent', async () => {
    const d = await loadMath({ source: { kind: 'folder', dir: DIR } });
    expect(Object.fromEntries(Object.entries(d.eval).map(([k, v]) => [k, v.length]))).toEqual({ gsm8k: 1319, SVAMP: 1000, MultiArith: 600, AddSub: 395, AQuA: 254, SingleEq: 508 });
    expect(d.train).toBeUndefined();
    expect(d.eval.gsm8k[0].answer).toBe('576.0');
    expect(d.eval.AQuA.every((r) => r.options && Object.keys(r.options).length === 5)).toBe(true);
    expect(d.eval.AQuA[0].options).toEqual({ A: '23.65', B: '1000', C: '35.62', D: '2.65', E: '1023.65' });
    await expect(loadMath({ source: { kind: 'folder', dir: DIR }, requireTrain: true })).rejects.toThrow(/ft-training_set\/math_10k\.json: file not found/);
  });
});

describe('Math10K JSON format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'math-'));
  mkdirSync(join(dir, 'ft-training_set'));
  mkdirSync(join(dir, 'dataset', 'AddSub'), { recursive: true });
  const rec = (i: number) => ({ instruction: `What is ${i} + 1?`, input: '', output: `\nA: ${i} + 1 = ${i + 1}. The answer is ${i + 1}.`, answer: `${i + 1}` });
  writeFileSync(join(dir, 'ft-training_set', 'math_10k.json'), JSON.stringify([rec(1), rec(2), { ...rec(3), input: 'ctx' }]));
  writeFileSync(join(dir, 'dataset', 'AddSub', 'test.json'), JSON.stringify([rec(4), { instruction: 'x', input: '', output: '' }, { ...rec(5), answer: 'five' }]));
  test('records in the exact Math10K format load; missing field / non-numeric answer name the record', async () => {
    await expect(loadMath({ source: { kind: 'folder', dir }, sets: ['AddSub'] })).rejects.toThrow(/AddSub\/test\.json \[record 1\]: field 'answer' is missing/);
    const d = await loadMath({ source: { kind: 'folder', dir }, sets: ['addsub'], skipBadRows: true });
    expect(d.train!.map((r) => r.answer)).toEqual(['2', '3', '4']);
    expect(d.train![2].input).toBe('ctx');
    expect(d.eval.AddSub).toHaveLength(1);
    expect(d.skipped.map((s) => s.message)).toEqual([expect.stringMatching(/\[record 1\]: field 'answer'/), expect.stringMatching(/\[record 2\]: answer 'five' is not a number/)]);
    await expect(loadMath({ source: { kind: 'folder', dir }, sets: ['MATH'] })).rejects.toThrow(/unknown math evaluation set 'MATH'/);
  });
});

describe('LLM-Adapters prompt template, byte for byte', () => {
  const I = ' '.repeat(16);
  test('no input: header with the in-string noqa comment, 16-space indents and whitespace-only blank line', () => {
    expect(mathTrainPrompt({ instruction: 'Q?', input: '', output: 'R' })).toBe(
      'Below is an instruction that describes a task. Write a response that appropriately completes the request.  # noqa: E501\n' +
        '\n' + I + '### Instruction:\n' + I + 'Q?\n' + I + '\n' + I + '### Response:\n' + I + 'R',
    );
  });
  test('with input', () => {
    expect(mathTrainPrompt({ instruction: 'Q?', input: 'X', output: '' })).toBe(
      'Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.  # noqa: E501\n' +
        '\n' + I + '### Instruction:\n' + I + 'Q?\n' + I + '\n' + I + '### Input:\n' + I + 'X\n' + I + '\n' + I + '### Response:\n' + I,
    );
  });
  test('eval prompt ends after the response header; responseOf splits on it', () => {
    const p = mathEvalPrompt('Q?');
    expect(p.endsWith('### Response:\n' + I)).toBe(true);
    expect(responseOf(p + 'The answer is 4.')).toBe('The answer is 4.');
  });
  test('AQuA options', () => {
    expect(parseOptions('How many? Answer Choices: (A) 1 (B) 2.5 (C) 3 (D) 4 (E) none')).toEqual({ A: '1', B: '2.5', C: '3', D: '4', E: 'none' });
    expect(parseOptions('no options')).toBeUndefined();
  });
});

describe('math encoding', () => {
  const tok = new CharGptTokenizer();
  const r = { instruction: 'Q', input: '', output: 'A7', answer: '7', idx: 0 };
  test('loss on the response + EOS only; trainOnInputs keeps it all; cutoff without EOS', () => {
    const [e] = mathEncodeTrain([r], tok);
    const promptLen = mathTrainPrompt({ ...r, output: '' }).length;
    expect(e.promptLength).toBe(promptLen);
    expect(e.inputIds).toHaveLength(promptLen + 3);
    expect(e.label.slice(promptLen)).toEqual([...[...'A7'].map((c) => c.codePointAt(0)! + 10), 5]);
    expect(e.label.slice(0, promptLen).every((l) => l === -100)).toBe(true);
    expect(mathEncodeTrain([r], tok, { trainOnInputs: true })[0].label).toEqual(e.inputIds);
    const [cut] = mathEncodeTrain([r], tok, { cutoffLength: 20 });
    expect(cut.inputIds).toHaveLength(20);
    expect(cut.inputIds[19]).not.toBe(5);
    expect(cut.label.every((l) => l === -100)).toBe(true);
  });
  test('generation prompt = evaluate.py template', () => {
    const [p] = mathEncodePrompt([{ ...r, input: 'ignored' }], tok);
    expect(tok.decode(p.inputIds)).toBe(mathEvalPrompt('Q'));
  });
});

describe('demo arithmetic', () => {
  test('seeded; answers follow from the question; AQuA-style letters match the options', async () => {
    const d = await loadMath({ source: { kind: 'demo', seed: 2, size: 200 } });
    expect(d).toEqual(await loadMath({ source: { kind: 'demo', seed: 2, size: 200 } }));
    expect(d.source).toContain('demo data');
    expect(Object.keys(d.eval)).toEqual(['gsm8k', 'SVAMP', 'MultiArith', 'AddSub', 'AQuA', 'SingleEq']);
    for (const rec of d.eval.AddSub) {
      const [a, op, b] = /(\d+) ([-+*/]) (\d+) =/.exec(rec.output)!.slice(1);
      const v = { '+': +a + +b, '-': +a - +b, '*': +a * +b, '/': +a / +b }[op]!;
      expect(Number(rec.answer)).toBe(v);
    }
    for (const rec of d.eval.AQuA) {
      expect(/The answer is \(([A-E])\)/.exec(rec.output)![1]).toBe(rec.answer);
      expect(parseOptions(rec.instruction)).toEqual(rec.options);
      expect(rec.output).toMatch(new RegExp(`= ${rec.options![rec.answer]} `));
    }
  });
});
