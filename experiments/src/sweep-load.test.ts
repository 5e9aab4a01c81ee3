import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { loadSweepFile } from './sweep-load.ts';
import { expandSweep } from './sweep-expand.ts';
import { tempDir, writeFile, fakeSweepYaml } from './testing/tmp.ts';

const dir = tempDir();
const load = (name: string, text: string) => loadSweepFile(writeFile(dir, name, text));
const errorOf = (name: string, text: string): string => {
  try {
    load(name, text);
  } catch (err) {
    expect((err as Error).name).toBe('InputError');
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('loadSweepFile', () => {
  test('a valid file loads with defaults and resolved paths', () => {
    const s = load('ok.yaml', fakeSweepYaml({ extra: 'aggregation: {rule: best-k-of-n, k: 2}' }));
    expect(s.name).toBe('fake');
    expect(s.tasks).toEqual(['rte', 'mrpc']);
    expect(s.methods.map((m) => m.name)).toEqual(['lora', 'red']);
    expect(s.methods[0].config).toEqual({ r: 4 });
    expect(s.aggregation).toEqual({ rule: 'best-k-of-n', k: 2 });
    expect(s.report.tables).toEqual(['red-table1', 'it-tuning-table1']);
    expect(s.run.exportName).toBe('fakeRun');
  });

  test('a folder is resolved relative to the sweep file, and must exist', () => {
    writeFile(dir, 'glue/RTE/train.tsv', '');
    const s = load('folder.yaml', fakeSweepYaml().replace('data: demo', 'data: {folder: ./glue}'));
    expect(s.data).toEqual({ kind: 'folder', dir: join(dir, 'glue') });
    expect(errorOf('nofolder.yaml', fakeSweepYaml().replace('data: demo', 'data: {folder: ../no-such-glue}'))).toMatch(/nofolder\.yaml:4 \[data\.folder\]: folder not found: /);
  });

  test('a misspelt hyperparameter names the file, line and key path', () => {
    const text = fakeSweepYaml().replace('  - name: red\n', '  - name: red\n    hyper: {lerningRate: 0.01}\n');
    const msg = errorOf('typo.yaml', text);
    expect(msg).toMatch(/typo\.yaml:\d+ \[methods\[1\]\.hyper\.lerningRate\]: unknown key .lerningRate./);
    const line = Number(/typo\.yaml:(\d+)/.exec(msg)![1]);
    expect(text.split('\n')[line - 1]).toContain('lerningRate');
  });

  test('a wrong type deep inside names its path', () => {
    const msg = errorOf('type.yaml', fakeSweepYaml().replace('batchSize: 8', 'batchSize: eight'));
    expect(msg).toContain('[hyper.batchSize]');
    expect(msg).toContain('type.yaml:8 '); // the hyper: line
    expect(msg).toContain('expected number or array');
  });

  test('unknown task and method are reported against the family registry', () => {
    const msg = errorOf('unknown.yaml', fakeSweepYaml().replace('[rte, mrpc]', '[rte, boolq]').replace('name: red', 'name: prefix'));
    expect(msg).toContain("[tasks[1]]: unknown task 'boolq' for family glue");
    expect(msg).toContain("[methods[1].name]: unknown method 'prefix'");
  });

  test('best-k-of-n with fewer seeds than k is rejected', () => {
    expect(errorOf('k.yaml', fakeSweepYaml({ extra: 'aggregation: {rule: best-k-of-n, k: 3}' }))).toContain('[aggregation.k]: best 3 of n needs at least 3 seeds');
  });

  test('YAML syntax errors carry the line', () => {
    expect(errorOf('syntax.yaml', 'family: glue\ntasks: [rte\n')).toMatch(/syntax\.yaml:\d+: YAML syntax error/);
  });

  test('a missing file is an InputError naming it', () => {
    expect(() => loadSweepFile(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: sweep file not found/);
  });
});

describe('expandSweep', () => {
  test('grid × seeds with per-task and per-method layers, later layers winning', () => {
    const s = load('grid.yaml', fakeSweepYaml({ extra: 'perTask: {rte: {epochs: 3}}' })
      .replace('learningRate: 1.0e-3', 'learningRate: [1.0e-3, 1.0e-2]')
      .replace('  - name: red\n', '  - name: red\n    hyper: {batchSize: 4}\n    perTask: {rte: {learningRate: 5.0e-3}}\n'));
    const runs = expandSweep(s);
    // rte: lora 2 lrs × 2 seeds + red 1 lr × 2 seeds; mrpc: lora 2×2 + red 2×2
    expect(runs.length).toBe(4 + 2 + 4 + 4);
    const rteRed = runs.filter((r) => r.task === 'rte' && r.method === 'red');
    expect(rteRed.map((r) => [r.hyper.learningRate, r.hyper.batchSize, r.hyper.epochs, r.seed])).toEqual([[5e-3, 4, 3, 1], [5e-3, 4, 3, 2]]);
    const mrpcLora = runs.filter((r) => r.task === 'mrpc' && r.method === 'lora');
    expect(mrpcLora.map((r) => [r.hyper.learningRate, r.seed, r.hyper.epochs])).toEqual([[1e-3, 1, 1], [1e-3, 2, 1], [1e-2, 1, 1], [1e-2, 2, 1]]);
    expect(new Set(runs.map((r) => r.id)).size).toBe(runs.length);
    expect(runs[0].id).toMatch(/^rte-lora-s1-[0-9a-f]{10}$/);
  });

  test('ids do not depend on key order or on the sweep name', () => {
    const a = expandSweep(load('a.yaml', fakeSweepYaml()));
    const b = expandSweep(load('b.yaml', fakeSweepYaml({ name: 'other' }).replace(
      'hyper: {learningRate: 1.0e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0.06, weightDecay: 0}',
      'hyper: {weightDecay: 0, warmupRatio: 0.06, maxLength: 32, epochs: 1, batchSize: 8, learningRate: 0.001}')));
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    expect(b[0].sweep).toBe('other');
  });

  test('a run listed twice (repeated grid value) is expanded once', () => {
    const s = load('dup.yaml', fakeSweepYaml().replace('learningRate: 1.0e-3', 'learningRate: [1.0e-3, 0.001]'));
    expect(expandSweep(s).length).toBe(8);
  });

  test('a required hyperparameter missing at every level names method and task', () => {
    const s = load('missing.yaml', fakeSweepYaml().replace('batchSize: 8, ', ''));
    expect(() => expandSweep(s)).toThrow(/missing\.yaml \[method lora, task rte\]: hyper\.batchSize not set/);
  });
});
