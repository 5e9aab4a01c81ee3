/**
 * Issue 18, "done when": every paper sweep run at its smallest settings (demo data, the shipped tiny backbones, one
 * seed, first grid value, 2 steps; tests/src/reports-regenerate.ts says how each is derived), then the real
 * `reports build` on those results: every table of the catalogue is written (.md + .csv) and shown in
 * site/index.html, tables the sweeps filled have a measured cell in every row whose method exists, every figure the
 * results call for is a PNG shown in the page (parameters vs score, training curves, IT-Tuning Figure 6, and ID3
 * Figures 5 / 8 / 9 once runs record budgetScores / sparsityTrace / layerStats), and the page opens in headless
 * Chromium with no console message and every image loaded.
 *
 * Default: QUICK_SUBSET, 7 sweeps covering every family, IT-Tuning Figure 6 and ID3 Figures 5/8/9 (1 min 52 s here);
 * PEFTBENCH_SLOW_TESTS=1: every paper sweep (≈ 10 min here). One task per sweep either way (the script's --full runs
 * every task). Needs no ../shared and no network. PEFTBENCH_KEEP_TEST_OUTPUT=1 keeps the results and the report.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSweepFile } from '@peftbench/experiments';
import { FIGURE6_ROWS, IT_TUNING_FIGURE6, layouts } from '@peftbench/reports';
import { loadMethods } from '@peftbench/discovery';
import { QUICK_MAX_BOTTLENECK, QUICK_SUBSET, adaptConfigForTinyBackbone, buildReportsCli, checkReports, paperSweepFiles, quickSweep, runQuickSweeps, sweepsDir, type ReportCheck, type RegenerateSummary } from './reports-regenerate.ts';
import { findChromium } from '@peftbench/reports/testing';

const slow = process.env.PEFTBENCH_SLOW_TESTS === '1';
/** Default: QUICK_SUBSET (one sweep per family and kind of layout); PEFTBENCH_SLOW_TESTS=1: every paper sweep. One task each. */
const only = slow ? undefined : QUICK_SUBSET;
if (!slow) console.log(`reports-regenerate: ${QUICK_SUBSET.length} of the paper sweeps, one task each; PEFTBENCH_SLOW_TESTS=1 runs every paper sweep`);

const chromium = findChromium();
if (!chromium) console.log('reports-regenerate: skipping the headless-Chromium check: no chromium on PATH (Debian: apt-get install -y chromium)');

describe('the quick variants of the paper sweeps', () => {
  test('keep the paper sweep\'s methods, configs and tables; run on demo data with a shipped backbone, one seed, bounded', () => {
    for (const file of paperSweepFiles()) {
      const paper = loadSweepFile(join(sweepsDir, file));
      const q = quickSweep(file);
      if (!q.sweep) {
        expect(paper.model, `${file}: skipped only for an architecture with no shipped tiny backbone`).toMatch(/t5/i);
        continue;
      }
      expect(q.sweep.name).toBe(paper.name);
      expect(q.sweep.report).toEqual(paper.report);
      // configs as the paper sweep's, except the two values a tiny backbone cannot take (LLaMA module names, wide bottlenecks)
      const strip = (v: unknown): unknown => (Array.isArray(v) ? v.map(strip) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'target_modules' && k !== 'bottleneck').map(([k, x]) => [k, strip(x)])) : v);
      expect(q.sweep.methods.map((m) => [m.name, strip(m.config)])).toEqual(paper.methods.map((m) => [m.name, strip(m.config)]));
      const bottlenecks = (ms: typeof paper.methods) => ms.map((m) => m.config.bottleneck).filter((b): b is number => typeof b === 'number');
      expect(bottlenecks(q.sweep.methods)).toEqual(bottlenecks(paper.methods).map((b) => Math.min(b, QUICK_MAX_BOTTLENECK)));
      expect(q.sweep.data).toEqual({ kind: 'demo' });
      expect(q.sweep.model).toMatch(/^pretrain:(tiny-roberta|tiny-roberta-ner|tiny-gpt2|micro-gpt2:maxLength=224,positions=320)$/);
      expect(q.sweep.seeds).toEqual([paper.seeds[0]]);
      expect(q.sweep.tasks).toHaveLength(1);
      expect(paper.tasks).toContain(q.sweep.tasks[0]);
      for (const layer of [q.sweep.hyper, ...Object.values(q.sweep.perTask), ...q.sweep.methods.flatMap((m) => [m.hyper, ...Object.values(m.perTask)])]) {
        for (const [k, v] of Object.entries(layer ?? {})) expect(Array.isArray(v), `${file}: ${k} is still a grid`).toBe(false);
      }
    }
  });

  test('LLaMA module names become GPT-2\'s; wide bottlenecks are capped, narrow ones kept', () => {
    expect(adaptConfigForTinyBackbone({ r: 32, target_modules: ['q_proj', 'k_proj', 'v_proj', 'up_proj', 'down_proj'] }, 'pretrain:micro-gpt2')).toEqual({ r: 32, target_modules: ['c_attn', 'c_fc', 'c_proj'] });
    expect(adaptConfigForTinyBackbone({ targets: 'lora', lora: { target_modules: ['q_proj'] } }, 'pretrain:tiny-gpt2')).toEqual({ targets: 'lora', lora: { target_modules: ['c_attn'] } });
    expect(adaptConfigForTinyBackbone({ target_modules: ['query', 'value'] }, 'pretrain:tiny-roberta')).toEqual({ target_modules: ['query', 'value'] });
    expect([248, 64, 16, 1].map((bottleneck) => adaptConfigForTinyBackbone({ bottleneck }, 'pretrain:tiny-gpt2').bottleneck)).toEqual([QUICK_MAX_BOTTLENECK, QUICK_MAX_BOTTLENECK, 16, 1]);
  });

  test('it-tuning-fig6.yaml: one entry per Figure 6 combination, each a valid it-tuning config, BERT-base, the report layout', async () => {
    const sweep = loadSweepFile(join(sweepsDir, 'it-tuning-fig6.yaml'));
    expect(sweep.model).toBe('hf:google-bert/bert-base-uncased');
    expect(sweep.report.tables).toEqual([IT_TUNING_FIGURE6]);
    expect(sweep.hyper.learningRate).toHaveLength(5); // "five different learning rates for each combination"
    const itTuning = (await loadMethods()).find((m) => m.name === 'it-tuning')!;
    const operations = sweep.methods.map((m) => (itTuning.configSchema.parse(m.config) as { operations: unknown }).operations);
    expect(operations).toEqual(FIGURE6_ROWS.map((r) => r.operations));
  });
});

describe('every table and figure regenerates from quick runs of the paper sweeps', () => {
  const out = mkdtempSync(join(tmpdir(), 'peftbench-regenerate-'));
  const cacheBefore = process.env.PEFTBENCH_CACHE;
  let summary: RegenerateSummary;
  let check: ReportCheck;
  let built: ReturnType<typeof buildReportsCli>;

  beforeAll(async () => {
    process.env.PEFTBENCH_CACHE = join(out, 'cache'); // the workers inherit it: shipped backbones only, no downloads
    process.env.PEFTBENCH_WASM_THREADS ??= '1';
    summary = await runQuickSweeps(out, { only, workers: 2 });
    built = buildReportsCli(out);
    check = checkReports(out, summary);
  }, 3_600_000);
  afterAll(() => {
    if (cacheBefore === undefined) delete process.env.PEFTBENCH_CACHE;
    else process.env.PEFTBENCH_CACHE = cacheBefore;
    if (!process.env.PEFTBENCH_KEEP_TEST_OUTPUT) rmSync(out, { recursive: true, force: true });
    else console.log(`reports-regenerate: output kept in ${out}`);
  });

  test('every sweep ran with no failed run; only a T5 sweep is skipped, with its reason', () => {
    const files = only ?? paperSweepFiles();
    expect(summary.skipped.map((s) => s.file)).toEqual(files.filter((f) => /t5/i.test(loadSweepFile(join(sweepsDir, f)).model)));
    expect(summary.ran.length + summary.skipped.length).toBe(files.length);
    for (const r of summary.ran) expect(r.failed, `${r.file}: failed runs`).toEqual([]);
    // every family runs, and the subset covers Figure 6 and the ID3 figures
    expect(new Set(summary.ran.map((r) => r.family))).toEqual(new Set(['glue', 'conll', 'e2e', 'math']));
    expect(summary.ran.map((r) => r.file)).toEqual(expect.arrayContaining(['it-tuning-fig6.yaml', 'id3-fig5.yaml']));
  });

  test('reports build exits 0 and every table and figure is there, measured where the method exists', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(check.problems).toEqual([]);
    // every table a sweep names was filled by that sweep
    for (const r of summary.ran) {
      for (const id of r.tables) {
        const t = check.tables.find((x) => x.sweep === r.sweep && x.layoutId === id);
        expect(t, `${r.file}: ${id}`).toBeDefined();
        expect(t!.measuredRows, `${r.file}: ${id} has measured rows`).toBeGreaterThan(0);
      }
    }
    // the catalogue is complete in the page (every layout at least once)
    const html = readFileSync(join(out, 'reports', 'site', 'index.html'), 'utf8');
    for (const id of Object.keys(layouts)) expect(html, id).toContain(`data-layout="${id}"`);
    expect(check.figures.some((f) => f.endsWith('-figure6'))).toBe(true);
    // rows the sweeps fill were required to be measured (checkReports), and there were some in every table
    for (const r of summary.ran) for (const id of r.tables) expect(r.mustFill[id]?.length, `${r.file}: ${id} rows its runs fill`).toBeGreaterThan(0);
  });

  test.skipIf(!chromium)('the HTML report opens in headless Chromium: no console message, every image loaded', () => {
    const index = join(out, 'reports', 'site', 'index.html');
    const r = spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', '--virtual-time-budget=30000', '--dump-dom', pathToFileURL(index).href], {
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 256 << 20,
    });
    const consoleLines = r.stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l));
    expect(consoleLines).toEqual([]);
    const body = /<body[^>]*>/.exec(r.stdout)?.[0] ?? '';
    expect(body).toContain('data-ready="1"');
    expect(body).toContain('data-errors="0"');
    expect(body).toContain('data-broken-images="0"');
    const images = /data-images="(\d+)\/(\d+)"/.exec(body);
    expect(images?.[1]).toBe(images?.[2]);
    expect(Number(images?.[2])).toBeGreaterThanOrEqual(check.figures.length);
    // a screenshot of the top of the page beside the report (kept with PEFTBENCH_KEEP_TEST_OUTPUT=1)
    const shot = join(out, 'reports', 'site', 'screenshot.png');
    spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=1400,2400', '--virtual-time-budget=30000', `--screenshot=${shot}`, pathToFileURL(index).href], { timeout: 300_000 });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });
});
