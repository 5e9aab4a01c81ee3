import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadGlue } from './load.ts';

const GLUE = join(sharedDir, 'data', 'glue');
const haveGlue = hasShared('data/glue');
if (!haveGlue) console.log(`skipping real-GLUE loader tests: ${GLUE} is absent`);

describe.skipIf(!haveGlue)('real GLUE files in ../shared/data/glue', () => {
  const folder = { kind: 'folder' as const, dir: GLUE };
  test.each([
    ['cola', 8551, 1043],
    ['sst2', 67349, 872],
    ['mrpc', 3667, 408],
    ['stsb', 5749, 1500],
    ['rte', 2490, 277],
    ['wnli', 635, 71],
  ])('%s: official row counts (train %i, dev %i)', async (task, nTrain, nDev) => {
    const d = await loadGlue(task, { source: folder });
    expect(d.splits.train.length).toBe(nTrain);
    expect(d.splits.validation.length).toBe(nDev);
    expect(d.skipped).toEqual([]);
  });

  test('CoLA is headerless: the first line is data; labels 0/1 from column 2', async () => {
    const d = await loadGlue('cola', { source: folder });
    expect(d.splits.train[0].text.startsWith("Our friends won't")).toBe(true);
    expect(d.splits.train[0].label).toBe(1);
    expect(d.labelNames).toEqual(['unacceptable', 'acceptable']);
    const ones = d.splits.validation.filter((e) => e.label === 1).length;
    expect(ones).toBe(721); // CoLA dev: 721 acceptable of 1043
  });

  test('MRPC: BOM stripped, pair text, and the canonical 3,668-row train (msr minus dev ids)', async () => {
    const d = await loadGlue('mrpc', { source: folder });
    expect(d.textFields).toEqual(['sentence1', 'sentence2']);
    expect(d.splits.validation[0].textPair).toBeTypeOf('string');
    const canonical = await loadGlue('mrpc', { source: folder, mrpcTrain: 'msr-minus-dev' });
    expect(canonical.splits.train.length).toBe(3668);
    expect(canonical.splits.train.some((e) => e.text.startsWith('Officials at Brandeis said'))).toBe(true);
  });

  test('RTE / QNLI label maps as HF: entailment=0, not_entailment=1; STS-B float scores', async () => {
    const rte = await loadGlue('rte', { source: folder });
    const counts = [0, 1].map((k) => rte.splits.validation.filter((e) => e.label === k).length);
    expect(counts).toEqual([146, 131]);
    const stsb = await loadGlue('stsb', { source: folder });
    expect(stsb.isRegression).toBe(true);
    expect(stsb.numLabels).toBe(1);
    expect(stsb.splits.validation[0].label).toBe(5);
    expect(stsb.splits.train.every((e) => e.label >= 0 && e.label <= 5)).toBe(true);
  });

  test('QNLI dev (5,463) with a k-shot train; MNLI 12-column k-shot files by header name', async () => {
    const qnli = await loadGlue('qnli', { source: folder, files: { train: 'kshot-16-42/train.tsv' } });
    expect(qnli.splits.validation.length).toBe(5463);
    expect(qnli.splits.train.length).toBe(32);
    const mnli = await loadGlue('mnli', { source: folder, files: { train: 'kshot-16-42/train.tsv', validation_matched: 'kshot-16-42/dev_matched.tsv' } });
    expect(mnli.splits.train.length).toBe(48);
    expect(mnli.splits.validation_matched.length).toBe(48);
    expect(mnli.splits.validation).toBe(mnli.splits.validation_matched);
    expect([0, 1, 2].map((k) => mnli.splits.train.filter((e) => e.label === k).length)).toEqual([16, 16, 16]);
  });

  test('MNLI without its dev files: an error naming the missing file', async () => {
    await expect(loadGlue('mnli', { source: folder })).rejects.toThrow(/MNLI\/train\.tsv: .*missing train file/);
  });

  test('QQP headerless subset: the malformed row fails with file and line, or is skipped and counted', async () => {
    const files = { train: 'train.random-subset-23497.noheader.tsv', validation: 'kshot-16-42/dev.tsv' };
    await expect(loadGlue('qqp', { source: folder, files })).rejects.toThrow(/noheader\.tsv:\d+: expected 6 tab-separated fields, got 5/);
    const d = await loadGlue('qqp', { source: folder, files, skipBadRows: true });
    expect(d.splits.train.length).toBe(23496);
    expect(d.skipped).toHaveLength(1);
    expect(d.skipped[0].message).toMatch(/noheader\.tsv:\d+:/);
    expect([0, 1].map((k) => d.splits.train.filter((e) => e.label === k).length)).toEqual([14749, 8747]);
  });
});

describe('bad GLUE input names the file and the line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glue-bad-'));
  mkdirSync(join(dir, 'RTE'));
  writeFileSync(join(dir, 'RTE', 'train.tsv'), 'index\tsentence1\tsentence2\tlabel\n0\ta "quoted\tb\tentailment\n1\tc\td\tmaybe\n2\te\tf\n');
  writeFileSync(join(dir, 'RTE', 'dev.tsv'), 'index\tsentence1\tsentence2\tlabel\n0\tx\ty\tnot_entailment\n');
  const source = { kind: 'folder' as const, dir };

  test('a label outside the label set', async () => {
    await expect(loadGlue('rte', { source })).rejects.toThrow(/RTE\/train\.tsv:3: label 'maybe' is not one of entailment, not_entailment/);
  });
  test('skipBadRows counts both bad rows and keeps the bare quote as text', async () => {
    const d = await loadGlue('rte', { source, skipBadRows: true });
    expect(d.splits.train).toEqual([{ text: 'a "quoted', textPair: 'b', label: 0, idx: 0 }]);
    expect(d.skipped.map((s) => s.message)).toEqual([
      expect.stringMatching(/train\.tsv:3: label 'maybe'/),
      expect.stringMatching(/train\.tsv:4: expected 4 tab-separated fields, got 3/),
    ]);
  });
  test('missing folder, missing task, unknown task, empty split', async () => {
    await expect(loadGlue('rte', { source: { kind: 'folder', dir: join(dir, 'nope') } })).rejects.toThrow(/nope: GLUE data folder not found/);
    await expect(loadGlue('cola', { source })).rejects.toThrow(/CoLA: task folder not found/);
    await expect(loadGlue('squad', { source })).rejects.toThrow(/unknown GLUE task 'squad'/);
    writeFileSync(join(dir, 'RTE', 'dev.tsv'), 'index\tsentence1\tsentence2\tlabel\n');
    await expect(loadGlue('rte', { source, skipBadRows: true })).rejects.toThrow(/RTE\/dev\.tsv \[validation\]: split 'validation' is empty/);
  });
});
