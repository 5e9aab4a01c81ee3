import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReports } from './build.ts';
import { makeRecord } from './testing/records.ts';

function resultsWith(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'reports-'));
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(join(root, name.split('/')[0]), { recursive: true });
    writeFileSync(join(root, name), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return root;
}

describe('buildReports', () => {
  test('writes every requested table as .md and .csv plus a PNG chart, from result files only', async () => {
    const recs = [1, 2, 3, 4].map((seed) => makeRecord({ task: 'rte', method: 'red', seed, value: 0.7 + seed / 100 }));
    const root = resultsWith({
      ...Object.fromEntries(recs.map((r) => [`s1/${r.id}.json`, r])),
      's1/_sweep.json': { name: 's1', family: 'glue', aggregation: { rule: 'best-k-of-n', k: 3 }, report: { tables: ['red-table1', 'id3-table1'] }, seeds: [1, 2, 3, 4] },
      's1/broken.json': '{"id": ',
    });
    const out = join(root, 'out');
    const built = await buildReports({ resultsRoot: root, outDir: out, paperDir: join(root, 'no-papers') });
    expect(built.tables.map((t) => t.files.map((f) => f.slice(out.length + 1)))).toEqual([
      ['s1-red-table1.md', 's1-red-table1.csv'],
      ['s1-id3-table1.md', 's1-id3-table1.csv'],
    ]);
    expect(built.warnings).toEqual([expect.stringMatching(/broken\.json: not valid JSON/)]);
    const md = readFileSync(join(out, 's1-red-table1.md'), 'utf8');
    // best 3 of 4 seeds from _sweep.json: 72, 73, 74 → 73.0 ± 1.0
    expect(md).toContain('| **red** | measured | 1000 | — | — | — | — | — | — | 73.0 ± 1.0 |');
    expect(md).toMatch(/Paper:\*\* not available: .*red\.json: paper table file not found/);
    const png = readFileSync(join(out, 's1.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(5000);
  });

  test('one sweep folder holding two settings gets one table per setting', async () => {
    const a = makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.7 });
    const b = makeRecord({ task: 'rte', method: 'red', seed: 1, value: 0.6, model: 'hf:FacebookAI/roberta-base' });
    b.id = 'other';
    const root = resultsWith({ [`s2/${a.id}.json`]: a, 's2/other.json': b });
    const built = await buildReports({ resultsRoot: root, outDir: join(root, 'out'), noCharts: true });
    const names = built.tables.flatMap((t) => t.files.map((f) => f.split('/').pop()));
    expect(names).toContain('s2.pretrain-tiny-roberta.demo.red-split-red-table1.md');
    expect(names).toContain('s2.hf-facebookai-roberta-base.demo.red-split-it-tuning-table1.csv');
    expect(names.length).toBe(8);
    expect(existsSync(join(root, 'out', 's2.png'))).toBe(false);
  });

  test('asking for a sweep that has no results is an input error', async () => {
    await expect(buildReports({ resultsRoot: resultsWith({}), sweeps: ['nope'] })).rejects.toThrow(/no results for sweep nope/);
  });
});
