/**
 * The HTML report in headless Chromium (Debian's `chromium`; `apt-get install -y chromium`): the page loads
 * with no console message, the tables have the expected rows, every image loads, and a screenshot is
 * saved under reports/test-output/site/. Skips with the reason when no Chromium is installed.
 */
import { describe, expect, test } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { buildReports } from './build.ts';
import { buildSite } from './site.ts';
import { makeRecord, TEST_METHODS } from './testing/records.ts';
import { findChromium } from './testing/chromium.ts';

const outputDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-output', 'site');

const chromium = findChromium();
if (!chromium) console.log('skipping the headless-Chromium checks of the HTML report: no chromium on PATH (Debian: apt-get install -y chromium)');

/** Load a page headless; returns the DOM after scripts ran and every console message Chromium logged. */
function loadPage(file: string): { dom: string; console: string[] } {
  const r = spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0', '--virtual-time-budget=30000', '--dump-dom', pathToFileURL(file).href], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  return { dom: r.stdout, console: r.stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l)) };
}

/** Hand-made results: a GLUE sweep (3 seeds × 2 methods, with training history), an RED T6 ablation, ID3 budgets, a broken file. */
function makeResults(): string {
  const root = mkdtempSync(join(tmpdir(), 'site-'));
  const put = (sweep: string, r: ReturnType<typeof makeRecord>) => {
    mkdirSync(join(root, sweep), { recursive: true });
    writeFileSync(join(root, sweep, `${r.id}.json`), JSON.stringify(r));
  };
  for (const seed of [1, 2, 3]) {
    for (const [method, v] of [['lora', 0.7], ['red', 0.75]] as const) {
      const r = makeRecord({ task: 'rte', method, seed, value: v + seed / 100, sweep: 'glue-q', history: { step: [1, 2, 3, 4], loss: [1, 0.8, 0.7, 0.6].map((x) => x + seed / 50), lr: [1, 1, 1, 1] } });
      r.result.evals = [{ step: 2, epoch: 1, metrics: { accuracy: v - 0.05 } }, { step: 4, epoch: 1, metrics: { accuracy: v + seed / 100 } }];
      put('glue-q', r);
    }
    put('abl', makeRecord({ task: 'mrpc', method: 'red', seed, value: 0.8, sweep: 'abl', methodConfig: { variant: 'bias' } }));
    for (const budget of [103_000, 320_000]) put('id3', makeRecord({ task: 'rte', method: 'id3', seed, value: budget === 103_000 ? 0.8 : 0.84, protocol: 'id3', sweep: 'id3', methodConfig: { budget } }));
  }
  writeFileSync(join(root, 'abl', '_sweep.json'), JSON.stringify({ name: 'abl', family: 'glue', aggregation: { rule: 'mean-std' }, report: { tables: ['red-table6'] }, seeds: [1, 2, 3] }));
  writeFileSync(join(root, 'id3', '_sweep.json'), JSON.stringify({ name: 'id3', family: 'glue', aggregation: { rule: 'best-k-of-n', k: 3 }, report: { tables: ['id3-table1'] }, seeds: [1, 2, 3] }));
  writeFileSync(join(root, 'glue-q', 'broken-s1-x.json'), '{"format": "peftbench-run/1", "id": ');
  return root;
}

const methods = TEST_METHODS.map((m) =>
  m.name === 'red' ? { ...m, configSchema: z.object({ variant: z.string().default('scaling+bias') }) } : m.name === 'id3' ? { ...m, configSchema: z.object({ budget: z.number().default(103_000) }) } : m,
);

describe('HTML report', () => {
  test('index.html: every table, run pages, figures; files left out are listed', async () => {
    const root = makeResults();
    const built = await buildReports({ resultsRoot: root, outDir: join(root, 'tables'), methods });
    const site = await buildSite(built, { outDir: join(root, 'site'), methods });
    const html = readFileSync(site.index, 'utf8');
    expect(site.runs).toBe(6 + 3 + 6);
    expect(existsSync(join(root, 'site', 'runs', 'glue-q', `${makeRecord({ task: 'rte', method: 'lora', seed: 1, value: 0.71 }).id}.html`))).toBe(true);
    expect(html).toContain('Result files left out (1)');
    expect(html).toMatch(/broken-s1-x\.json<\/code>: not valid JSON/);
    expect(site.sections.map((s) => s.title)).toContain('RED (Wu et al., ACL 2024) Table 6, edit-vector ablation layout — demo data, pretrain:tiny-roberta, red-split protocol');
    expect(site.figures.some((f) => f.endsWith('-rte-loss.png'))).toBe(true);
    expect(site.figures.some((f) => f.endsWith('-budget.png'))).toBe(true); // ID3 Figure 5 from the budget configs
    expect(html).not.toMatch(/https?:\/\//); // nothing fetched from the network
  });

  test.skipIf(!chromium)('loads in headless Chromium with no console message, expected rows, every image loaded; screenshot saved', async () => {
    const root = makeResults();
    const built = await buildReports({ resultsRoot: root, outDir: join(root, 'tables'), methods });
    rmSync(outputDir, { recursive: true, force: true });
    const site = await buildSite(built, { outDir: outputDir, methods });
    const page = loadPage(site.index);
    expect(page.console).toEqual([]);
    const body = /<body([^>]*)>/.exec(page.dom)?.[1] ?? '';
    expect(body).toContain('data-ready="1"');
    expect(body).toContain('data-errors="0"');
    expect(body).toContain('data-broken-images="0"');
    expect(body).toContain(`data-images="${site.figures.length}/${site.figures.length}"`);
    const section = (layout: string, sweep: string) => new RegExp(`<section id="[^"]*" data-layout="${layout}" data-sweep="${sweep}">([\\s\\S]*?)</section>`).exec(page.dom)?.[1] ?? '';
    const rowLabels = (s: string) => [...s.matchAll(/<tbody class="row"[^>]*><tr[^>]*><th scope="row">([^<]*)/g)].map((m) => m[1].trim());
    expect(rowLabels(section('red-table6', 'abl'))).toEqual(['RED', '-Scaling Vector', '-Bias Vector']);
    expect(rowLabels(section('red-table1', 'glue-q'))).toEqual(['FT', 'Adapter', 'LoRA', 'Adapter_FFN', 'BitFit', 'RED']);
    expect(rowLabels(section('id3-table1', 'id3'))).toContain('ID3 (320K)');
    expect(section('red-table18', '')).toContain('needs the Open LLM Leaderboard');
    // a page with a console message is caught (the check above can fail)
    const bad = join(root, 'bad.html');
    writeFileSync(bad, '<!doctype html><body><script>console.error("boom")</script></body>');
    expect(loadPage(bad).console.length).toBe(1);
    execFileSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=1400,2400', `--screenshot=${join(outputDir, 'screenshot.png')}`, pathToFileURL(site.index).href], { stdio: 'ignore', timeout: 120_000 });
    expect(readFileSync(join(outputDir, 'screenshot.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
