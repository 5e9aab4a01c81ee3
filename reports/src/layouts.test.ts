/**
 * Every layout of the catalogue, on generated result files: each paper row is found exactly once, and a
 * run made for a row (its method, its config) lands in that row and nowhere else.
 */
import { describe, expect, test } from 'vitest';
import { buildLayoutTable } from './build.ts';
import { layoutPaper, layouts } from './layouts.ts';
import type { MethodInfo } from './methods.ts';
import { makeRecord } from './testing/records.ts';

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

describe('every layout', () => {
  for (const layout of Object.values(layouts)) {
    test(`${layout.id}: one row per paper row, each filled by the runs made for it`, () => {
      const paper = layoutPaper(layout);
      const specs = layout.rows!(paper, layout.defaultPaperModel);
      expect(specs.length).toBe(paper.rows.filter((r) => !layout.defaultPaperModel || r.model === layout.defaultPaperModel).length);
      // one synthetic method per paper name the rows ask for
      const names = [...new Set(specs.map((s) => s.runs?.paperName ?? s.paper!.method))];
      const methods: MethodInfo[] = names.map((n, i) => ({ name: slug(n), label: n, paperNames: [n], order: i }));
      const empty = buildLayoutTable([], layout, { aggregation: { rule: 'mean-std' }, sweep: 'none', methods });
      expect(empty.rows.length).toBe(specs.length);
      expect(empty.rows.every((r) => r.paperRow !== null && r.status !== undefined)).toBe(true);
      expect(empty.notes.filter((n) => /rows for method/.test(n))).toEqual([]); // every paper row found once
      if (layout.needs) return;
      const metrics = Object.fromEntries(layout.columns.map((c) => [c.metric[0], 0.5]));
      const records = specs.map((s, i) =>
        makeRecord({
          family: layout.family, task: layout.columns[0].task, method: slug(s.runs?.paperName ?? s.paper!.method), seed: 1,
          value: 0.5, test: { ...metrics, [layout.columns[0].metric[0]]: (i + 1) / 100 },
          // twins of one method (Adpt^P 3.0M / 0.8M) are told apart by size: runs keep the paper's order of counts
          params: Math.max(1, Math.round((paper.rows.find((r) => r.method === s.paper!.method && (!s.paper!.model || r.model === s.paper!.model) && Object.entries(s.paper!.match ?? {}).every(([k, v]) => r[k] === v))?.trainable_params_count ?? 1000) / 1000)),
          methodConfig: Object.fromEntries(Object.entries(s.runs?.config ?? {}).filter(([, v]) => v !== undefined)),
        }),
      );
      const t = buildLayoutTable(records, layout, { aggregation: { rule: 'mean-std' }, sweep: 'gen', methods });
      const first = layout.columns[0];
      expect(t.rows.length).toBe(specs.length); // no run left without a row
      t.rows.forEach((r, i) => expect(r.cells[first.column].measured?.mean, r.label).toBeCloseTo((first.scale ?? 100) * (i + 1) / 100, 10));
    });
  }
});
