import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReports } from './build.ts';
import { main } from './cli.ts';
import { makeRecord, TEST_METHODS } from './testing/records.ts';

function resultsWith(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'reports-'));
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(join(root, name.split('/')[0]), { recursive: true });
    writeFileSync(join(root, name), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return root;
}

describe('buildReports', () => {
  test('writes every requested table as .md and .csv plus a PNG chart, from result files only; bad files are left out with the reason', async () => {
    const recs = [1, 2, 3, 4].map((seed) => makeRecord({ task: 'rte', method: 'red', seed, value: 0.7 + seed / 100 }));
    const root = resultsWith({
      ...Object.fromEntries(recs.map((r) => [`s1/${r.id}.json`, r])),
      's1/_sweep.json': { name: 's1', family: 'glue', aggregation: { rule: 'best-k-of-n', k: 3 }, report: { tables: ['red-table1', 'id3-table1'] }, seeds: [1, 2, 3, 4] },
      's1/broken.json': '{"id": ',
    });
    const out = join(root, 'out');
    const built = await buildReports({ resultsRoot: root, outDir: out, methods: TEST_METHODS, paperOnly: false });
    expect(built.tables.map((t) => t.files.map((f) => f.slice(out.length + 1)))).toEqual([
      ['s1-red-table1.md', 's1-red-table1.csv'],
      ['s1-id3-table1.md', 's1-id3-table1.csv'],
    ]);
    expect(built.leftOut).toEqual([{ file: join(root, 's1', 'broken.json'), reason: expect.stringMatching(/^not valid JSON/) }]);
    const md = readFileSync(join(out, 's1-red-table1.md'), 'utf8');
    // best 3 of 4 seeds from _sweep.json: 72, 73, 74 → 73.0 ± 1.0, beside RED Table 1's RoBERTa-base row (RTE 78.0)
    expect(md).toContain('| **RED** | measured | 1000 | — | — | — | — | — | — | 73.0 ± 1.0 | — | 73.0 (1/8) |');
    expect(md).toContain('| | paper (RED (base), RoBERTa-base) | 0.02M | 83.9 |');
    expect(md).toContain('| **Adapter** | not implemented (no method package answers to the paper name \'Adapter\') |');
    const png = readFileSync(join(out, 's1.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  test("a sweep's report notes follow the generated notes under each of its tables", async () => {
    const rec = makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7 });
    const root = resultsWith({
      [`s3/${rec.id}.json`]: rec,
      's3/_sweep.json': { name: 's3', family: 'glue', aggregation: { rule: 'mean-std' }, report: { tables: ['red-table1'], notes: ['RTE: why this backbone cannot do better.'] }, seeds: [1] },
    });
    const built = await buildReports({ resultsRoot: root, outDir: join(root, 'out'), noCharts: true, paperOnly: false, methods: TEST_METHODS });
    const md = readFileSync(join(root, 'out', 's3-red-table1.md'), 'utf8');
    expect(md).toMatch(/\n- RTE: why this backbone cannot do better\.\n/);
    expect(built.tables.find((t) => t.layoutId === 'red-table1')!.table.notes.at(-1)).toBe('RTE: why this backbone cannot do better.');
  });

  test('one sweep folder holding two settings gets one table per setting', async () => {
    const a = makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7 });
    const b = makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.6, model: 'hf:FacebookAI/roberta-base' });
    const root = resultsWith({ [`s2/${a.id}.json`]: a, [`s2/${b.id}.json`]: b });
    const built = await buildReports({ resultsRoot: root, outDir: join(root, 'out'), noCharts: true, paperOnly: false, methods: [] });
    const names = built.tables.flatMap((t) => t.files.map((f) => f.split('/').pop()));
    expect(names).toContain('s2.pretrain-tiny-roberta.demo.red-split-red-table1.md');
    expect(names).toContain('s2.hf-facebookai-roberta-base.demo.red-split-it-tuning-table1.csv');
    expect(names.length).toBe(8);
    expect(existsSync(join(root, 'out', 's2.png'))).toBe(false);
  });

  test('every other layout is written with the paper rows only, so every seed table appears', async () => {
    const root = resultsWith({});
    const built = await buildReports({ resultsRoot: root, outDir: join(root, 'out'), noCharts: true, methods: TEST_METHODS });
    const ids = built.tables.map((t) => t.layoutId).sort();
    expect(ids).toEqual(['id3-table1', 'id3-table2', 'id3-table3', 'id3-table4', 'id3-table5', 'it-tuning-figure6', 'it-tuning-table1', 'it-tuning-table2', 'it-tuning-table3', 'red-table1', 'red-table14', 'red-table15', 'red-table16', 'red-table18', 'red-table2', 'red-table3', 'red-table4', 'red-table5', 'red-table6', 'red-table7']);
    const t18 = readFileSync(join(root, 'out', 'papers', 'red-table18.md'), 'utf8');
    expect(t18).toContain("| **RED** | needs the Open LLM Leaderboard's harness");
    expect(t18).toContain('| | paper (RED, Llama-2 7B) | 0.26M |');
  });

  test('asking for a sweep that has no results is an input error', async () => {
    await expect(buildReports({ resultsRoot: resultsWith({}), sweeps: ['nope'] })).rejects.toThrow(/no results for sweep nope/);
  });
});

describe('result files are checked as the runner checks them', () => {
  const good = makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7 });
  const edited = { ...makeRecord({ task: 'rte', method: 'red', seed: 2, value: 0.7 }) };
  edited.spec = { ...edited.spec, seed: 3 }; // hand-edited spec: no longer hashes to its id
  const nonNumeric = makeRecord({ task: 'rte', method: 'red', seed: 4, value: 0.7 });
  (nonNumeric.result.best as { value: unknown }).value = '0.7';
  const nullOk = makeRecord({ task: 'rte', method: 'red', seed: 5, value: 0.7 });
  nullOk.result.best!.value = null;
  const nanMetric = makeRecord({ task: 'rte', method: 'red', seed: 6, value: 0.7 });
  const files = {
    [`s/${good.id}.json`]: good,
    [`s/${edited.id}.json`]: edited,
    [`s/${nonNumeric.id}.json`]: nonNumeric,
    [`s/${nullOk.id}.json`]: nullOk,
    [`s/${nanMetric.id}.json`]: JSON.stringify(nanMetric).replace('"accuracy":0.7}', '"accuracy":NaN}'),
    's/empty-s1-x.json': '',
    's/truncated-s1-x.json': JSON.stringify(good).slice(0, 200),
    's/renamed-s1-x.json': good,
  };

  test('truncated, empty, NaN, spec hash mismatch, non-numeric best value: each left out with its reason', async () => {
    const root = resultsWith(files);
    const built = await buildReports({ resultsRoot: root, outDir: join(root, 'out'), noCharts: true, paperOnly: false, methods: [] });
    const reasons = Object.fromEntries(built.leftOut.map((l) => [l.file.split('/').pop(), l.reason]));
    expect(reasons).toEqual({
      [`${edited.id}.json`]: expect.stringMatching(/^spec hashes to .*, not to its id/),
      [`${nonNumeric.id}.json`]: expect.stringMatching(/^\[result\.best\.value\]/),
      [`${nullOk.id}.json`]: '[result.best.value] not a number in a run whose status is ok',
      [`${nanMetric.id}.json`]: expect.stringMatching(/^not valid JSON .*NaN/),
      'empty-s1-x.json': 'empty file',
      'truncated-s1-x.json': expect.stringMatching(/^not valid JSON/),
      'renamed-s1-x.json': `id '${good.id}' does not match the file name`,
    });
    expect(built.sweeps[0].records.map((r) => r.id)).toEqual([good.id]);
  });

  test('the CLI lists the files it left out and exits 1, or 0 with --allow-partial', async () => {
    const root = resultsWith(files);
    const errors: string[] = [];
    const log = console.error;
    const out = console.log;
    console.error = (...a: unknown[]) => void errors.push(a.join(' '));
    console.log = () => {};
    try {
      const args = ['build', '--results', root, '--out', join(root, 'out'), '--no-charts', '--no-site'];
      expect(await main(args)).toBe(1);
      expect(errors.join('\n')).toMatch(/7 result file\(s\) left out/);
      expect(errors.join('\n')).toMatch(/empty-s1-x\.json: empty file/);
      expect(await main([...args, '--allow-partial'])).toBe(0);
    } finally {
      console.error = log;
      console.log = out;
    }
  });
});
