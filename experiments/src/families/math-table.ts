/**
 * The math table, in the layout of the LLM-Adapters-style tables (RED / ID3 math rows): one row per
 * method with accuracy (×100) per eval set and their average, mean ± sample std over seeds. The title says
 * what was trained and evaluated on (demo arithmetic, or real sets with a seeded subset). @peftbench/reports
 * builds GLUE tables only; this reads the same result files with its helpers.
 */
import { join } from 'node:path';
import { InputError, writeFileAtomic } from '@peftbench/util';
import { loadSweepResults, meanStd, type ResultRecord } from '@peftbench/reports';
import { MATH_EVAL_SETS } from '@peftbench/datasets';
import { accuracyKey, AVERAGE_KEY, mathSettings } from './math-settings.ts';

const METHOD_ORDER = ['full-ft', 'bitfit', 'lora', 'red', 'it-tuning', 'id3'];

export interface MathTable {
  markdown: string;
  methods: { method: string; seeds: number; trainableParams: number; means: Record<string, number>; stds: Record<string, number | null> }[];
}

export function buildMathTable(sweep: string, records: ResultRecord[]): MathTable {
  const usable = records.filter((r) => r.spec.family === 'math' && r.result.status !== 'failed' && r.result.best?.testMetrics && typeof r.result.best.testMetrics[AVERAGE_KEY] === 'number');
  if (usable.length === 0) throw new InputError(`${sweep}: no math result with accuracies`);
  const first = usable[0];
  const settings = mathSettings(first.spec.hyper as never, sweep, first.spec.task);
  const sets = MATH_EVAL_SETS.filter((s) => usable.some((r) => typeof r.result.best!.testMetrics![accuracyKey(s)] === 'number'));
  const demo = first.spec.data.kind === 'demo';
  const title = demo
    ? 'Math reasoning — demo data (demo arithmetic train and eval sets)'
    : `Math reasoning — trained on ${first.result.message?.includes('demo arithmetic training') ? 'the demo arithmetic problems (no Math10K in the folder)' : 'Math10K'}, evaluated on ${settings.evalLimit ? `a seeded subset of ≤ ${settings.evalLimit} problems of each real set` : 'the real sets'}`;
  const columns = [...sets.map((s) => ({ key: accuracyKey(s), label: s })), { key: AVERAGE_KEY, label: 'Avg' }];
  const lines = [`# ${title}`, ''];
  lines.push(`- sweep ${sweep}; model ${first.spec.model} (${first.result.backend.versions.model ?? '?'}); data ${demo ? 'demo arithmetic suite' : first.spec.data.kind === 'folder' ? first.spec.data.dir : 'hub'}`);
  lines.push(`- accuracy ×100 (evaluate.py's answer extraction) of the checkpoint with the lowest held-out response loss; greedy decoding, ≤ ${settings.maxNewTokens} new tokens; mean ± sample std (n − 1) over seeds`);
  lines.push(`- a tiny decoder, not LLaMA: compare methods with each other here, not with the papers' numbers`);
  lines.push('', `| Method | # Params | ${columns.map((c) => c.label).join(' | ')} | seeds | s/run |`, `|---|---|${columns.map(() => '---|').join('')}---|---|`);
  const present = new Set(usable.map((r) => r.spec.method));
  const order = [...METHOD_ORDER.filter((m) => present.has(m)), ...[...present].filter((m) => !METHOD_ORDER.includes(m)).sort()];
  const out: MathTable['methods'] = [];
  for (const method of order) {
    const runs = usable.filter((r) => r.spec.method === method);
    const means: Record<string, number> = {};
    const stds: Record<string, number | null> = {};
    const cells = columns.map((c) => {
      const values = runs.map((r) => r.result.best!.testMetrics![c.key]).filter((v): v is number => typeof v === 'number');
      if (values.length === 0) return '—';
      const a = meanStd(values.map((v) => v * 100));
      means[c.key] = a.mean;
      stds[c.key] = a.std;
      return a.std === null ? a.mean.toFixed(1) : `${a.mean.toFixed(1)} ± ${a.std.toFixed(1)}`;
    });
    const seconds = runs.reduce((s, r) => s + r.result.wallSeconds, 0) / runs.length;
    lines.push(`| **${method}** | ${runs[0].result.trainableParams} | ${cells.join(' | ')} | ${runs.length} | ${seconds.toFixed(0)} |`);
    out.push({ method, seeds: runs.length, trainableParams: runs[0].result.trainableParams, means, stds });
  }
  return { markdown: lines.join('\n') + '\n', methods: out };
}

/** Build the table from `resultsDir` (one sweep folder) and write `<outDir>/<sweep>-math.md`. */
export async function writeMathReport(o: { resultsDir: string; sweep: string; outDir: string }): Promise<{ markdown: string; files: string[] }> {
  const results = loadSweepResults(o.resultsDir, o.sweep);
  const table = buildMathTable(o.sweep, results.records);
  const file = join(o.outDir, `${o.sweep}-math.md`);
  writeFileAtomic(file, table.markdown);
  return { markdown: table.markdown, files: [file] };
}
