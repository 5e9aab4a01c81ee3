/**
 * Bad sweep files, in-process through loadSweepFile (what `experiments <family> --sweep` calls before any work):
 * each must be an InputError naming the file, the line of the offending key (not its block's first line) and
 * the key path, and nothing may be written next to the file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSweepFile } from '@peftbench/experiments';
import { tempDir } from '../sweep-helpers.ts';
import { expectNames, expectNoStack, expectUnchanged, inputErrorOf, snapshot } from './harness.ts';

/** Line numbers matter: cases below name them. */
const BASE = [
  'name: bad', //                              1
  'family: glue', //                           2
  'model: pretrain:tiny-roberta', //           3
  'data: demo', //                             4
  'protocol: dev', //                          5
  'tasks: [rte, mrpc]', //                     6
  'seeds: [1, 2]', //                          7
  'hyper:', //                                 8
  '  learningRate: 1.0e-3', //                 9
  '  batchSize: 8', //                        10
  '  epochs: 1', //                           11
  '  maxLength: 32', //                       12
  '  warmupRatio: 0.06', //                   13
  '  weightDecay: 0', //                      14
  'methods:', //                              15
  '  - name: lora', //                        16
  '    config: {r: 4, lora_alpha: 8}', //     17
  '  - name: red', //                         18
];
const withLine = (n: number, text: string) => BASE.map((l, i) => (i === n - 1 ? text : l));
const inserted = (after: number, ...lines: string[]) => [...BASE.slice(0, after), ...lines, ...BASE.slice(after)];

/** [name, file content, line the message must give, key path it must give]. */
const cases: [string, string | Buffer, number | null, string | null][] = [
  ['YAML syntax error (unclosed flow list)', withLine(6, 'tasks: [rte, mrpc').join('\n'), null, null],
  ['a tab used for indentation', withLine(10, '\tbatchSize: 8').join('\n'), 10, null],
  ['unknown top-level key', inserted(5, 'protocoll: dev').join('\n'), 6, 'protocoll'],
  ['unknown key inside hyper, at its own line', inserted(12, '  lerningRate: 0.01').join('\n'), 13, 'hyper.lerningRate'],
  ['unknown key in a method entry', inserted(18, '    hyperr: {}').join('\n'), 19, 'methods[1].hyperr'],
  ['seeds holds a string', withLine(7, 'seeds: [1, two]').join('\n'), 7, 'seeds[1]'],
  ['tasks is a number', withLine(6, 'tasks: 5').join('\n'), 6, 'tasks'],
  ['batchSize is negative', withLine(10, '  batchSize: -8').join('\n'), 10, 'hyper.batchSize'],
  ['learningRate is a word', withLine(9, '  learningRate: high').join('\n'), 9, 'hyper.learningRate'],
  ['warmupRatio above 1', withLine(13, '  warmupRatio: 1.5').join('\n'), 13, 'hyper.warmupRatio'],
  ['an empty list of seeds', withLine(7, 'seeds: []').join('\n'), 7, 'seeds'],
  ['unknown family', withLine(2, 'family: vision').join('\n'), 2, 'family'],
  ['unknown protocol', withLine(5, 'protocol: test-set').join('\n'), 5, 'protocol'],
  ['model without a scheme', withLine(3, 'model: roberta-base').join('\n'), 3, 'model'],
  ['unknown task', withLine(6, 'tasks: [rte, mrcp]').join('\n'), 6, 'tasks[1]'],
  ['a task listed twice', withLine(6, 'tasks: [rte, rte]').join('\n'), 6, 'tasks[1]'],
  ['a seed listed twice', withLine(7, 'seeds: [1, 1]').join('\n'), 7, 'seeds[1]'],
  ['unknown method', withLine(18, '  - name: lorra').join('\n'), 18, 'methods[1].name'],
  ['a method config error (lora r: -4)', withLine(17, '    config: {r: -4}').join('\n'), 17, 'methods[0].config.r'],
  ['an unknown method config key', withLine(17, '    config: {r: 4, rank: 8}').join('\n'), 17, 'methods[0].config'],
  ['an extra: key the family does not read', inserted(14, '  extra: {dropoutt: 0.1}').join('\n'), 15, 'hyper.extra.dropoutt'],
  ['best 3 of n with 2 seeds', [...BASE, 'aggregation: {rule: best-k-of-n, k: 3}'].join('\n'), 19, 'aggregation.k'],
  ['a data folder that does not exist', withLine(4, 'data: {folder: ./no-such-glue}').join('\n'), 4, 'data.folder'],
  ['invalid UTF-8 in description (\\xe9\\xff)', Buffer.concat([Buffer.from('description: caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n' + BASE.join('\n'))]), 1, null],
  ['invalid UTF-8 on line 9', Buffer.concat([Buffer.from(BASE.slice(0, 8).join('\n') + '\n  learningRate: 1'), Buffer.from([0xc3]), Buffer.from('\n' + BASE.slice(9).join('\n'))]), 9, null],
  ['an empty file', '', null, null],
  ['a YAML list instead of a mapping', '- name: bad\n- family: glue\n', null, null],
  ['a missing required key (family)', BASE.filter((_, i) => i !== 1).join('\n'), null, 'family'],
  ['an alias bomb (billion laughs)', [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]',
    ...BASE,
  ].join('\n'), null, null],
];

describe('bad-input: sweep YAML', () => {
  const dir = tempDir('bad-sweep');
  test('the base file loads', () => {
    writeFileSync(join(dir, 'base.yaml'), BASE.join('\n'));
    expect(loadSweepFile(join(dir, 'base.yaml')).methods.map((m) => m.name)).toEqual(['lora', 'red']);
  });
  test.each(cases)('%s', async (name, content, line, key) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, content);
    const before = snapshot(dir);
    const msg = await inputErrorOf(() => loadSweepFile(file));
    expectNames(msg, [file, ...(line !== null ? [`${file}:${line}`] : []), ...(key !== null ? [`[${key}`] : [])]);
    expectNoStack(msg);
    expectUnchanged(before, snapshot(dir), dir);
  });
  test('a directory given as the sweep file', async () => {
    const d = join(dir, 'a-folder.yaml');
    mkdirSync(d, { recursive: true });
    expectNames(await inputErrorOf(() => loadSweepFile(d)), [d, 'folder']);
  });
  test('a sweep file that does not exist', async () => {
    const f = join(dir, 'nope.yaml');
    expectNames(await inputErrorOf(() => loadSweepFile(f)), [f, 'not found']);
  });
});
