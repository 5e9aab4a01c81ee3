/**
 * Bad data files, in-process through the loaders a sweep uses (and `peftbench data inspect`): GLUE folders
 * (missing dev file, empty / binary / header-only train.tsv, an extra column, an out-of-range label, invalid
 * UTF-8, for two task layouts), E2E CSV, CoNLL-2003 and Math JSON. Each must throw an InputError naming the file
 * and the place (line, record, split) and write nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConll, loadE2e, loadGlue, loadMath } from '@peftbench/datasets';
import { tempDir } from '../sweep-helpers.ts';
import { expectNames, expectNoStack, expectUnchanged, inputErrorOf, snapshot } from './harness.ts';

type Content = string | Buffer | null; // null: the file is absent

async function expectBad(dir: string, fn: () => unknown, names: (string | RegExp)[]): Promise<void> {
  const before = snapshot(dir);
  const msg = await inputErrorOf(fn);
  expectNames(msg, names);
  expectNoStack(msg);
  expectUnchanged(before, snapshot(dir), dir);
}

function writeFiles(dir: string, files: Record<string, Content>): void {
  for (const [name, content] of Object.entries(files)) {
    if (content === null) continue;
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

const rteHeader = 'index\tsentence1\tsentence2\tlabel\n';
const rteRows = 'index\tsentence1\tsentence2\tlabel\n0\tA cat sat.\tA cat is sitting.\tentailment\n1\tIt rained.\tThe sun shone.\tnot_entailment\n';
const sst2Rows = 'sentence\tlabel\ngood film \t1\nbad film \t0\n';

/** [task, folder, valid train, valid dev]. */
const layouts = [
  ['rte', 'RTE', rteRows, rteRows],
  ['sst2', 'SST-2', sst2Rows, sst2Rows],
] as const;

/** [name, edit of train/dev, what the message must name (besides the file), which file]. */
const glueCases: [string, (rows: string, header: string) => { train?: Content; dev?: Content }, (string | RegExp)[], 'train.tsv' | 'dev.tsv'][] = [
  ['missing dev file', () => ({ dev: null }), ['missing', /validation|dev/], 'dev.tsv'],
  ['missing train file', () => ({ train: null }), ['missing', 'train'], 'train.tsv'],
  ['empty train.tsv', () => ({ train: '' }), [/empty|no header|no rows/], 'train.tsv'],
  ['header-only train.tsv', (_r, h) => ({ train: h }), [/empty|no rows/], 'train.tsv'],
  ['binary train.tsv', () => ({ train: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]) }), [/:1\b/, /UTF-8|binary/], 'train.tsv'],
  ['an extra column on line 3', (r) => ({ train: r.split('\n').map((l, i) => (i === 2 ? `${l}\textra` : l)).join('\n') }), [':3', /column/], 'train.tsv'],
  ['a missing column on line 2', (r) => ({ train: r.split('\n').map((l, i) => (i === 1 ? l.split('\t').slice(0, -1).join('\t') : l)).join('\n') }), [':2', /column/], 'train.tsv'],
  ['an out-of-range label on line 3', (r) => ({ train: r.split('\n').map((l, i) => (i === 2 ? l.replace(/[^\t]+$/, '7') : l)).join('\n') }), [':3', /label/], 'train.tsv'],
  ['an out-of-range label in dev.tsv line 2', (r) => ({ dev: r.split('\n').map((l, i) => (i === 1 ? l.replace(/[^\t]+$/, 'maybe') : l)).join('\n') }), [':2', /label/], 'dev.tsv'],
  ['invalid UTF-8 (\\xe9) on line 2', (r) => ({ train: Buffer.concat([Buffer.from(r.split('\n')[0] + '\n'), Buffer.from([0x41, 0xe9, 0x20]), Buffer.from(r.split('\n').slice(1).join('\n').replace(/^[^\t]*/, ''))]) }), [':2', 'UTF-8'], 'train.tsv'],
  ['invalid UTF-8 in dev.tsv line 3', (r) => ({ dev: Buffer.concat([Buffer.from(r.split('\n').slice(0, 2).join('\n') + '\n'), Buffer.from([0xe9, 0xff]), Buffer.from(r.split('\n').slice(2).join('\n'))]) }), [':3', 'UTF-8'], 'dev.tsv'],
];

describe('bad-input: GLUE folders', () => {
  const root = tempDir('bad-glue');
  for (const [task, folder, train, dev] of layouts) {
    test(`${task}: the untouched folder loads`, async () => {
      const dir = join(root, `${task}-good`);
      writeFiles(dir, { [`${folder}/train.tsv`]: train, [`${folder}/dev.tsv`]: dev });
      const d = await loadGlue(task, { source: { kind: 'folder', dir } });
      expect(d.splits.train.length).toBe(2);
    });
    const header = task === 'rte' ? rteHeader : 'sentence\tlabel\n';
    test.each(glueCases)(`${task}: %s`, async (name, edit, names, which) => {
      const dir = join(root, `${task}-${name.replace(/\W+/g, '-')}`);
      const e = edit(train, header);
      writeFiles(dir, { [`${folder}/train.tsv`]: e.train === undefined ? train : e.train, [`${folder}/dev.tsv`]: e.dev === undefined ? dev : e.dev });
      await expectBad(dir, () => loadGlue(task, { source: { kind: 'folder', dir } }), [join(dir, folder, which), ...names]);
    });
  }
  test('a GLUE folder that does not exist', async () => {
    const dir = join(root, 'nope');
    await expectBad(root, () => loadGlue('rte', { source: { kind: 'folder', dir } }), [dir, 'not found']);
  });
  test('a folder without the task sub-folder', async () => {
    const dir = join(root, 'no-task');
    mkdirSync(dir, { recursive: true });
    await expectBad(dir, () => loadGlue('rte', { source: { kind: 'folder', dir } }), [join(dir, 'RTE'), 'not found']);
  });
});

const e2eGood = 'mr,ref\n"name[Aromi], eatType[pub]","Aromi is a pub."\n"name[Blue Spice], food[Thai]","Blue Spice serves Thai food."\n';
describe('bad-input: E2E CSV', () => {
  const root = tempDir('bad-e2e');
  const cases: [string, Content, (string | RegExp)[]][] = [
    ['an empty trainset.csv', '', [/empty|header/]],
    ['header only', 'mr,ref\n', [/empty/]],
    ['a wrong header', 'meaning,text\n"name[A]","A."\n', [/:1|header/, /mr/]],
    ['an unterminated quote on line 3', 'mr,ref\n"name[A]","A."\n"name[B], food[Thai],"B.\n', [/:3/]],
    ['an extra column on line 2', 'mr,ref\n"name[A]","A.",x\n', [':2', /column|field/]],
    ['a malformed MR on line 2', 'mr,ref\n"name[A, eatType[pub]","A."\n', [':2', /MR|slot|\[/]],
    ['invalid UTF-8 on line 2', Buffer.concat([Buffer.from('mr,ref\n"name[A'), Buffer.from([0xe9]), Buffer.from(']","A."\n')]), [':2', 'UTF-8']],
  ];
  test('the untouched file loads', async () => {
    const dir = join(root, 'good');
    writeFiles(dir, { 'trainset.csv': e2eGood, 'devset.csv': e2eGood });
    expect((await loadE2e({ source: { kind: 'folder', dir }, splits: ['train', 'validation'] })).splits.train).toBeDefined();
  });
  test.each(cases)('trainset.csv with %s', async (name, content, names) => {
    const dir = join(root, name.replace(/\W+/g, '-'));
    writeFiles(dir, { 'trainset.csv': content, 'devset.csv': e2eGood });
    await expectBad(dir, () => loadE2e({ source: { kind: 'folder', dir }, splits: ['train', 'validation'] }), [join(dir, 'trainset.csv'), ...names]);
  });
  test('a missing devset.csv when asked for', async () => {
    const dir = join(root, 'no-dev');
    writeFiles(dir, { 'trainset.csv': e2eGood });
    await expectBad(dir, () => loadE2e({ source: { kind: 'folder', dir }, splits: ['train', 'validation'] }), [join(dir, 'devset.csv'), 'missing']);
  });
});

const conllGood = '-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n';
describe('bad-input: CoNLL-2003', () => {
  const root = tempDir('bad-conll');
  const cases: [string, Content, (string | RegExp)[]][] = [
    ['an empty train.txt', '', [/empty/]],
    ['three columns on line 4', conllGood.replace('rejects VBZ B-VP O', 'rejects VBZ O'), [':4', /column/]],
    ['an unknown NER tag on line 5', conllGood.replace('B-MISC', 'B-FOO'), [':5', 'B-FOO']],
    ['invalid UTF-8 on line 7', Buffer.concat([Buffer.from(conllGood.split('\n').slice(0, 6).join('\n') + '\n'), Buffer.from([0x50, 0xe9, 0x74]), Buffer.from(' NNP B-NP B-PER\n')]), [':7', 'UTF-8']],
  ];
  test('the untouched file loads', async () => {
    const dir = join(root, 'good');
    writeFiles(dir, { 'train.txt': conllGood });
    expect((await loadConll({ source: { kind: 'folder', dir }, splits: ['train'] })).splits.train.length).toBe(2);
  });
  test.each(cases)('train.txt with %s', async (name, content, names) => {
    const dir = join(root, name.replace(/\W+/g, '-'));
    writeFiles(dir, { 'train.txt': content });
    await expectBad(dir, () => loadConll({ source: { kind: 'folder', dir }, splits: ['train'] }), [join(dir, 'train.txt'), ...names]);
  });
  test('a missing valid.txt', async () => {
    const dir = join(root, 'no-valid');
    writeFiles(dir, { 'train.txt': conllGood });
    await expectBad(dir, () => loadConll({ source: { kind: 'folder', dir }, splits: ['train', 'validation'] }), [join(dir, 'valid.txt')]);
  });
});

const mathRec = (answer: string) => ({ instruction: 'What is 2 + 3?', input: '', output: `2 + 3 = 5. The answer is ${answer}`, answer });
describe('bad-input: Math JSON', () => {
  const root = tempDir('bad-math');
  const path = 'dataset/gsm8k/test.json';
  const cases: [string, Content, (string | RegExp)[]][] = [
    ['not JSON', '[{"instruction": "x",', ['JSON']],
    ['an object, not a list', JSON.stringify({ instruction: 'x' }), ['array']],
    ['an empty list', '[]', [/no records/]],
    ['a record without answer', JSON.stringify([mathRec('5'), { instruction: 'x', input: '', output: 'y' }]), ['[record 1]', 'answer']],
    ['a non-numeric answer', JSON.stringify([mathRec('five')]), ['[record 0]', 'five']],
    ['invalid UTF-8', Buffer.concat([Buffer.from('[\n{"instruction": "'), Buffer.from([0xff]), Buffer.from('", "input": "", "output": "", "answer": "1"}]')]), [':2', 'UTF-8']],
  ];
  test('the untouched file loads', async () => {
    const dir = join(root, 'good');
    writeFiles(dir, { [path]: JSON.stringify([mathRec('5')]) });
    expect((await loadMath({ source: { kind: 'folder', dir }, sets: ['gsm8k'] })).eval.gsm8k.length).toBe(1);
  });
  test.each(cases)('gsm8k test.json that is %s', async (name, content, names) => {
    const dir = join(root, name.replace(/\W+/g, '-'));
    writeFiles(dir, { [path]: content });
    await expectBad(dir, () => loadMath({ source: { kind: 'folder', dir }, sets: ['gsm8k'] }), [join(dir, path), ...names]);
  });
  test('a missing eval set file', async () => {
    const dir = join(root, 'missing');
    mkdirSync(dir, { recursive: true });
    await expectBad(dir, () => loadMath({ source: { kind: 'folder', dir }, sets: ['gsm8k'] }), [join(dir, path), 'not found']);
  });
});
