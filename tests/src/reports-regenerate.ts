/**
 * Issue 18's "done when", end to end: every paper sweep (experiments/sweeps/*.yaml except the quick profiles) run
 * at the smallest settings that still exercise its report layout, then `reports build` on those results, then a
 * check that every table and figure is there (markdown + CSV per table, the figures as PNG, all of it in
 * site/index.html) with measured cells where the method exists.
 *
 *   npx tsx tests/src/reports-regenerate.ts --out /tmp/regen            # every paper sweep, one task each (≈ 10 min here)
 *   npx tsx tests/src/reports-regenerate.ts --out /tmp/regen --full     # every task of every sweep (slow)
 *   npx tsx tests/src/reports-regenerate.ts --out /tmp/regen --only it-tuning-fig6.yaml,red-t6-ablation.yaml
 *
 * "Smallest settings": each paper sweep keeps its methods, configs, tables and protocol, and runs on demo data
 * (`data: demo`, no ../shared, no download) with a tiny backbone of its family (GLUE / CoNLL: the shipped
 * tiny-roberta encoder, CoNLL: tiny-roberta-ner; E2E: the shipped tiny-gpt2 decoder; math: the micro-gpt2 recipe with a 224-token context,
 * pretrained in seconds on first use), its first seed, the first value of each grid axis
 * (learning-rate grids), the run bounds maxSteps / trainLimit / evalLimit (math: 16 generated tokens), and two config values a tiny model cannot
 * take (adaptConfigForTinyBackbone: LLaMA module names, adapter bottlenecks wider than the model). Without --full only one task per
 * sweep (the smallest GLUE task it lists) is run, which fills one column of every row. Sweeps whose architecture
 * has no shipped tiny backbone are skipped with the reason, and their tables print their "not run (needs …)" rows.
 * Exit 0 when every check passes; the problems are printed otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@peftbench/util';
import { loadSweepFile, runSweep, type HyperLayer, type Sweep } from '@peftbench/experiments';
import { layoutPaper, layouts } from '@peftbench/reports';
import { loadMethods } from '@peftbench/discovery';

export const sweepsDir = join(repoRoot, 'experiments/sweeps');

/** The paper sweeps: every sweep file that is not a quick profile (as experiments/src/paper-sweeps.test.ts reads them). */
export function paperSweepFiles(): string[] {
  return readdirSync(sweepsDir)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('-quick.yaml') && !f.includes('-quick-calibration'))
    .sort();
}

/** The shipped tiny backbone per family (packages/backbones: no pretraining at run time). */
// math: no decoder trained on the math text is shipped; the one-layer micro recipe with math-quick's context
// (the LLM-Adapters template alone is 114 tokens) pretrains in seconds on first use
const QUICK_MODEL: Record<string, string> = { glue: 'pretrain:tiny-roberta', conll: 'pretrain:tiny-roberta-ner', e2e: 'pretrain:tiny-gpt2', math: 'pretrain:micro-gpt2:maxLength=224,positions=320' };
/** Architectures with no shipped tiny backbone: the sweep is skipped, its table prints "not run (needs …)". */
const NO_TINY_BACKBONE: { model: RegExp; reason: string }[] = [{ model: /t5/i, reason: 'no shipped tiny T5 backbone (the T5 rows need a T5 checkpoint)' }];
/** Smallest first: the task a one-task run picks. */
const TASK_ORDER = ['rte', 'mrpc', 'stsb', 'cola', 'sst2', 'qnli', 'qqp', 'mnli'];

/**
 * The default test's sweeps (a few minutes here): one per family and per kind of layout — paper rows (RED T1/T14),
 * rows keyed by config (RED T6, IT-Tuning T3), IT-Tuning Figure 6, ID3 Figures 5/8/9 (id3-fig5: budgetScores,
 * sparsityTrace, layerStats), CoNLL and math. PEFTBENCH_SLOW_TESTS=1 (or the script without --only) runs all.
 */
export const QUICK_SUBSET = ['glue-paper.yaml', 'red-t6-ablation.yaml', 'it-tuning-fig6.yaml', 'id3-fig5.yaml', 'id3-t4-conll.yaml', 'it-tuning-t3-rank.yaml', 'id3-t5-math.yaml'];

export interface QuickBounds {
  maxSteps: number;
  trainLimit: number;
  evalLimit: number;
}
export const DEFAULT_BOUNDS: QuickBounds = { maxSteps: 2, trainLimit: 16, evalLimit: 8 };

const firstOfAxes = (layer: HyperLayer | undefined): HyperLayer => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(layer ?? {})) {
    if (k === 'extra' && v && typeof v === 'object' && !Array.isArray(v)) out[k] = Object.fromEntries(Object.entries(v).map(([ek, ev]) => [ek, Array.isArray(ev) ? ev[0] : ev]));
    else out[k] = Array.isArray(v) ? v[0] : v;
  }
  return out as HyperLayer;
};
const perTaskFirst = (p: Record<string, HyperLayer> | undefined) => Object.fromEntries(Object.entries(p ?? {}).map(([t, l]) => [t, firstOfAxes(l)]));

/** LLaMA module names → GPT-2's (HF PEFT matches target_modules by name suffix; GPT-2's c_proj is both projections). */
const LLAMA_TO_GPT2: Record<string, string> = { q_proj: 'c_attn', k_proj: 'c_attn', v_proj: 'c_attn', o_proj: 'c_proj', gate_proj: 'c_fc', up_proj: 'c_fc', down_proj: 'c_proj' };
/** An adapter bottleneck the tiny backbones (hidden 128) can hold; smaller ones (rank-1 rows) are kept. */
export const QUICK_MAX_BOTTLENECK = 32;

/**
 * The two config values a paper sweep sets for its paper-size backbone that a tiny backbone cannot take, changed for
 * the quick variant only (every other config value is kept, so config-keyed rows still match): LoRA `target_modules`
 * named for LLaMA become GPT-2's, and adapter bottlenecks wider than the tiny models (RED's / IT-Tuning's Adpt^L 248,
 * Adpt^P / Adpt^H 64) become QUICK_MAX_BOTTLENECK (sizes below it, and their order, unchanged).
 */
export function adaptConfigForTinyBackbone(config: Record<string, unknown>, model: string): Record<string, unknown> {
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) {
      if (key === 'target_modules' && /gpt2/.test(model)) return [...new Set(v.map((m) => (typeof m === 'string' ? (LLAMA_TO_GPT2[m] ?? m) : m)))];
      return v.map((x) => walk(x));
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    if (key === 'bottleneck' && typeof v === 'number' && v > QUICK_MAX_BOTTLENECK) return QUICK_MAX_BOTTLENECK;
    return v;
  };
  return walk(config) as Record<string, unknown>;
}

/** A paper sweep at the smallest settings that exercise its layout, or the reason it cannot run here. */
export function quickSweep(file: string, o: { full?: boolean; bounds?: QuickBounds } = {}): { sweep: Sweep; skip?: undefined } | { sweep?: undefined; skip: string } {
  const paper = loadSweepFile(join(sweepsDir, file));
  const missing = NO_TINY_BACKBONE.find((n) => n.model.test(paper.model));
  if (missing) return { skip: missing.reason };
  const tasks = o.full ? paper.tasks : [[...paper.tasks].sort((a, b) => (TASK_ORDER.indexOf(a) + 1 || 99) - (TASK_ORDER.indexOf(b) + 1 || 99))[0]];
  const bounds = o.bounds ?? DEFAULT_BOUNDS;
  const model = QUICK_MODEL[paper.family];
  return {
    sweep: {
      ...paper,
      model,
      data: { kind: 'demo' } as Sweep['data'],
      tasks,
      seeds: [paper.seeds[0]],
      hyper: firstOfAxes(paper.hyper),
      perTask: perTaskFirst(paper.perTask),
      methods: paper.methods.map((m) => ({ ...m, config: adaptConfigForTinyBackbone(m.config, model), hyper: firstOfAxes(m.hyper), perTask: perTaskFirst(m.perTask) })),
      override: {
        ...(paper.override ?? {}),
        maxSteps: bounds.maxSteps,
        trainLimit: bounds.trainLimit,
        evalLimit: bounds.evalLimit,
        // math: ID3 Table 7's 256 generated tokens per problem are most of a run's time; 16 still scores every set
        ...(paper.family === 'math' ? { extra: { ...(paper.override?.extra ?? {}), maxNewTokens: 16 } } : {}),
      },
    },
  };
}

export interface RegenerateSummary {
  ran: { file: string; sweep: string; family: string; tables: string[]; runs: number; failed: { id: string; message: string }[]; mustFill: Record<string, string[]> }[];
  skipped: { file: string; reason: string }[];
}

/** Run every (or the named) paper sweep's quick variant into `<out>/results`. */
export async function runQuickSweeps(out: string, o: { full?: boolean; only?: string[]; workers?: number; log?: (line: string) => void } = {}): Promise<RegenerateSummary> {
  const summary: RegenerateSummary = { ran: [], skipped: [] };
  const log = o.log ?? (() => {});
  const methods = (await loadMethods()) as unknown as MethodLike[];
  for (const file of paperSweepFiles().filter((f) => !o.only || o.only.includes(f))) {
    const q = quickSweep(file, { full: o.full });
    if (!q.sweep) {
      summary.skipped.push({ file, reason: q.skip });
      log(`${file}: skipped (${q.skip})`);
      continue;
    }
    const started = Date.now();
    const s = await runSweep(q.sweep, { resultsRoot: join(out, 'results'), workers: o.workers ?? 2 });
    const failed = s.records.filter((r) => r.result.status === 'failed').map((r) => ({ id: r.id, message: (r.result.message ?? '').split('\n')[0] }));
    const mustFill = Object.fromEntries([...rowsTheSweepFills(q.sweep, methods)].map(([id, labels]) => [id, [...labels]]));
    summary.ran.push({ file, sweep: q.sweep.name, family: q.sweep.family, tables: q.sweep.report.tables, runs: s.records.length, failed, mustFill });
    log(`${file}: ${s.records.length} runs, ${failed.length} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return summary;
}

/** `reports build` (the real CLI, as `npx nx run reports:build` runs it) on `<out>/results` → `<out>/reports`. */
export function buildReportsCli(out: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'reports/src/cli.ts'), 'build', '--results', join(out, 'results'), '--out', join(out, 'reports')], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface RecordLike {
  id: string;
  spec: { method: string; task: string };
  result: { status: string; budgetScores?: unknown[]; sparsityTrace?: unknown[]; layerStats?: unknown[]; history?: { step: number[] } };
}
const readRecords = (dir: string): RecordLike[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RecordLike) : [];

/** Minimal CSV reader for the reports' files (quoted fields with "" escapes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (ch !== '\r') field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

/** What the checker needs to know of a method package (PeftMethod's fields). */
export interface MethodLike {
  name: string;
  label?: string;
  paperNames?: string[];
  configSchema: { parse(v: unknown): unknown };
}

const canonical = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;

/**
 * The rows of each table a sweep names that its runs fill, by the reports' matching rule (the method whose
 * paperNames hold the row's paper name, with the row's config subset after the method's defaults) — the rows that
 * must have a measured cell. Rows no entry of the sweep fills (a figure sweep reusing a table, a known layout gap)
 * are not required.
 */
export function rowsTheSweepFills(sweep: Sweep, methods: readonly MethodLike[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const entries = sweep.methods.map((m) => {
    const pkg = methods.find((x) => x.name === m.name);
    let config: Record<string, unknown> = m.config;
    try {
      config = (pkg?.configSchema.parse(m.config) ?? m.config) as Record<string, unknown>;
    } catch {
      /* an invalid config fails its runs; the check reports them */
    }
    return { name: m.name, config };
  });
  for (const id of sweep.report.tables) {
    const layout = layouts[id];
    if (!layout?.rows || layout.needs) continue;
    const rows = layout.rows(layoutPaper(layout), sweep.report.paperModel ?? layout.defaultPaperModel);
    const filled = new Set<string>();
    for (const row of rows) {
      if (row.needs) continue;
      const paperName = row.runs?.paperName ?? row.paper?.method ?? '';
      const pkg = methods.find((m) => (m.paperNames?.length ? m.paperNames : [m.label ?? m.name]).includes(paperName));
      if (!pkg) continue;
      const match = entries.some((e) => e.name === pkg.name && Object.entries(row.runs?.config ?? {}).every(([k, v]) => v === undefined || canonical(e.config[k]) === canonical(v)));
      if (match) filled.add(row.label ?? row.paper?.method ?? paperName);
    }
    out.set(id, filled);
  }
  return out;
}

export interface ReportCheck {
  problems: string[];
  /** What was found, for the test's own assertions and the printed summary. */
  tables: { layoutId: string; sweep: string; md: string; csv: string; measuredRows: number; rows: number }[];
  figures: string[];
}

/**
 * Every layout of the catalogue appears (a sweep's table or the paper-only one) as .md + .csv and as a section of
 * site/index.html; each table a quick sweep filled has a measured cell in every row the sweep's entries fill by
 * the reports' matching rule (rowsTheSweepFills; rows of methods that do not exist print "not implemented"); every figure a table's results
 * call for is a PNG under site/figures and an <img> of index.html: parameters vs score per filled table, training
 * curves per task, IT-Tuning Figure 6 for its table, and ID3 Figures 5 / 8 / 9 (+ the per-layer allocation) once
 * result files carry `budgetScores` / `sparsityTrace` / `layerStats`.
 */
export function checkReports(out: string, summary: RegenerateSummary): ReportCheck {
  const problems: string[] = [];
  const reportsDir = join(out, 'reports');
  const siteDir = join(reportsDir, 'site');
  const index = join(siteDir, 'index.html');
  const check: ReportCheck = { problems, tables: [], figures: [] };
  if (!existsSync(index)) return (problems.push(`${index}: missing`), check);
  const html = readFileSync(index, 'utf8');
  const sections = [...html.matchAll(/<section id="([^"]+)" data-layout="([^"]*)" data-sweep="([^"]*)">([\s\S]*?)<\/section>/g)].map((m) => ({ id: m[1], layoutId: m[2], sweep: m[3], body: m[4] }));
  const images = new Set([...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]));
  const png = (name: string) => {
    const file = join(siteDir, 'figures', `${name}.png`);
    const ok = existsSync(file) && readFileSync(file).subarray(1, 4).toString() === 'PNG' && images.has(`figures/${name}.png`);
    if (ok) check.figures.push(name);
    return ok;
  };

  // 1. every layout, as .md + .csv + a section
  for (const id of Object.keys(layouts)) {
    const mine = sections.filter((s) => s.layoutId === id);
    if (mine.length === 0) problems.push(`${id}: no section in site/index.html`);
    for (const s of mine) {
      const base = s.sweep ? readdirSync(reportsDir).filter((f) => f === `${s.sweep}-${id}.md` || (f.startsWith(`${s.sweep}.`) && f.endsWith(`-${id}.md`))) : existsSync(join(reportsDir, 'papers', `${id}.md`)) ? [join('papers', `${id}.md`)] : [];
      if (base.length === 0) problems.push(`${id}${s.sweep ? ` (${s.sweep})` : ''}: no markdown file`);
      for (const md of base) {
        const csv = md.replace(/\.md$/, '.csv');
        if (!existsSync(join(reportsDir, csv))) problems.push(`${csv}: missing`);
        else if (s.sweep) {
          const rows = parseCsv(readFileSync(join(reportsDir, csv), 'utf8'));
          const header = rows[0];
          const statusCol = header.indexOf('status');
          const cols = header.slice(3, statusCol).map((_, i) => i + 3);
          const measured = rows.filter((r) => r[1] === 'measured_mean');
          const filled = measured.filter((r) => cols.some((c) => r[c] !== ''));
          check.tables.push({ layoutId: id, sweep: s.sweep, md, csv, measuredRows: filled.length, rows: measured.length });
          // rows whose method exists but that have no measured cell
          const records = readRecords(join(out, 'results', s.sweep));
          const ran = summary.ran.find((x) => x.sweep === s.sweep);
          const mustFill = new Set(ran?.mustFill[id] ?? []);
          for (const label of mustFill) if (!measured.some((r) => r[0] === label)) problems.push(`${csv}: no row '${label}', which the sweep's runs fill`);
          for (const r of measured) {
            if (cols.some((c) => r[c] !== '')) continue;
            const status = r[statusCol] ?? '';
            if (!mustFill.has(r[0])) continue; // a row no entry of this sweep fills ("not run", "not implemented", "needs")
            const allFailed = records.length > 0 && records.every((x) => x.result.status === 'failed');
            problems.push(`${csv}: row '${r[0]}' has no measured cell (${status || 'no status'})${allFailed ? ' — every run of the sweep failed' : ''}${ran?.failed.length ? `; ${ran.failed.length} failed run(s), e.g. ${ran.failed[0].message}` : ''}`);
          }
        }
      }
    }
  }

  // 2. figures of the tables the sweeps filled
  for (const s of sections.filter((x) => x.sweep)) {
    const records = readRecords(join(out, 'results', s.sweep));
    const t = check.tables.find((x) => x.sweep === s.sweep && x.layoutId === s.layoutId);
    if (!t || t.measuredRows === 0) continue;
    const need: string[] = [`${s.id}-params`];
    const tasks = [...new Set(records.filter((r) => r.result.status !== 'failed' && (r.result.history?.step.length ?? 0) > 0).map((r) => r.spec.task))];
    // training curves: per task of the layout whose runs recorded a loss history (the site's slug of the task)
    for (const task of tasks.filter((x) => layouts[s.layoutId].columns.some((c) => c.task === x))) need.push(`${s.id}-${task.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-loss`);
    if (s.layoutId === 'it-tuning-figure6') need.push(`${s.id}-figure6`);
    if (s.layoutId.startsWith('id3-')) {
      const has = (k: 'budgetScores' | 'sparsityTrace' | 'layerStats') => records.some((r) => (r.result[k]?.length ?? 0) > 0);
      if (has('budgetScores')) need.push(`${s.id}-budget`);
      if (has('sparsityTrace')) need.push(`${s.id}-sparsity`, `${s.id}-entropy`);
      if (has('layerStats')) need.push(`${s.id}-layers`);
    }
    for (const name of need) if (!png(name)) problems.push(`${s.layoutId} (${s.sweep}): figure ${name}.png missing from site/figures or not shown in index.html`);
  }
  return check;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, full: { type: 'boolean' }, only: { type: 'string' }, workers: { type: 'string' }, 'skip-runs': { type: 'boolean' } }, strict: true });
  if (!values.out) {
    console.error('usage: npx tsx tests/src/reports-regenerate.ts --out <dir> [--full] [--only a.yaml,b.yaml] [--workers n] [--skip-runs]');
    return 2;
  }
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const summaryFile = join(out, 'summary.json');
  const summary: RegenerateSummary = values['skip-runs'] && existsSync(summaryFile)
    ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as RegenerateSummary)
    : await runQuickSweeps(out, { full: values.full, only: values.only?.split(','), workers: values.workers ? Number(values.workers) : undefined, log: (l) => console.log(l) });
  writeFileSync(summaryFile, JSON.stringify(summary, null, 2));
  const built = buildReportsCli(out);
  if (built.status !== 0) {
    console.error(`reports build exited ${built.status}:\n${built.stderr}`);
    return 1;
  }
  const check = checkReports(out, summary);
  writeFileSync(join(out, 'check.json'), JSON.stringify(check, null, 2));
  console.log(`${check.tables.length} measured tables, ${check.figures.length} figures checked; report: ${join(out, 'reports', 'site', 'index.html')}`);
  for (const s of summary.skipped) console.log(`skipped ${s.file}: ${s.reason}`);
  for (const p of check.problems) console.error(`problem: ${p}`);
  return check.problems.length === 0 ? 0 : 1;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
