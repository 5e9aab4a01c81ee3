/**
 * The E2E table, in the layout of IT-Tuning Table 2 / RED Table 2: one row per method with BLEU, NIST,
 * METEOR, ROUGE-L, CIDEr (BLEU/METEOR/ROUGE-L ×100, NIST and CIDEr raw, as the papers print them), mean ±
 * sample std over seeds, then the papers' GPT-2 large rows for the same method as printed (different
 * backbone and data: for orientation, not a difference). @peftbench/reports builds GLUE tables only; this
 * reads the same result files with its helpers (loadSweepResults, meanStd).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configKey } from '../run-id.ts';
import type { RunSpec } from '../run-types.ts';
import { InputError, writeFileAtomic } from '@peftbench/util';
import { loadSweepResults, meanStd, paperTablesDir, type ResultRecord } from '@peftbench/reports';
import { e2eSettings } from './e2e-settings.ts';

const COLUMNS = [
  { key: 'bleu', label: 'BLEU', paper: 'BLEU', scale: 100 },
  { key: 'nist', label: 'NIST', paper: 'NIST', scale: 1 },
  { key: 'meteor', label: 'MET', paper: 'MET', scale: 100 },
  { key: 'rougeL', label: 'ROUGE-L', paper: 'ROUGE-L', scale: 100 },
  { key: 'cider', label: 'CIDEr', paper: 'CIDEr', scale: 1 },
] as const;

/** Our method id → the papers' row label. */
const PAPER_LABELS: Record<string, string> = { 'full-ft': 'FT', lora: 'LoRA', red: 'RED', 'it-tuning': 'IT-Tuning' };
const PAPERS = [
  { paper: 'it-tuning', label: 'IT-Tuning T2' },
  { paper: 'red', label: 'RED T2' },
] as const;
const PAPER_MODEL = 'GPT-2 large';
/** Row order: the papers' (FT first, then the PEFT methods). */
const METHOD_ORDER = ['full-ft', 'bitfit', 'lora', 'red', 'it-tuning'];

interface E2ePaperTable {
  rows: { method: string; model: string; trainable_params: string | null; values: Record<string, number | null> }[];
}

/**
 * Table 2 of a paper JSON. Read here rather than with reports' loadPaperTable, which requires an
 * `average_over` list that the E2E tables (no average column) do not have.
 */
function readPaperTable2(paper: string, dir: string): E2ePaperTable {
  const file = join(dir, `${paper}.json`);
  if (!existsSync(file)) throw new InputError(`${file}: paper table file not found`);
  const json = JSON.parse(readFileSync(file, 'utf8')) as { tables?: { id?: string; rows?: unknown }[] };
  const t = json.tables?.find((x) => x.id === 'table2');
  if (!t || !Array.isArray(t.rows)) throw new InputError(`${file} [tables]: no table2 with rows`);
  return { rows: t.rows as E2ePaperTable['rows'] };
}

const fmt = (v: number, digits: number) => v.toFixed(digits);
const params = (n: number) => (n >= 1e5 ? `${(n / 1e6).toFixed(2)}M` : String(n));

/** Usable runs: finished with scores (ok, or diverged with a checkpoint selected before divergence). */
function scored(records: ResultRecord[]): ResultRecord[] {
  return records.filter((r) => r.spec.family === 'e2e' && r.result.status !== 'failed' && r.result.best?.testMetrics && COLUMNS.every((c) => typeof r.result.best!.testMetrics![c.key] === 'number'));
}

/** Runs of one method grouped by configuration (everything but the seed); the lowest mean selection loss wins. */
function pickConfiguration(runs: ResultRecord[]): { runs: ResultRecord[]; configurations: number } {
  const groups = new Map<string, ResultRecord[]>();
  for (const r of runs) {
    const key = configKey(r.spec as Omit<RunSpec, 'id' | 'sweep'>);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const meanLoss = (rs: ResultRecord[]) => rs.reduce((s, r) => s + (r.result.best?.value ?? Infinity), 0) / rs.length;
  const best = [...groups.values()].sort((a, b) => meanLoss(a) - meanLoss(b))[0];
  return { runs: best, configurations: groups.size };
}

export interface E2eTable {
  markdown: string;
  methods: { method: string; seeds: number; trainableParams: number; means: Record<string, number>; stds: Record<string, number | null>; secondsPerRun: number }[];
}

export function buildE2eTable(sweep: string, records: ResultRecord[], opts: { paperDir?: string } = {}): E2eTable {
  const usable = scored(records);
  if (usable.length === 0) throw new InputError(`${sweep}: no E2E result with all five metrics`);
  const papers = PAPERS.map((p) => {
    try {
      return { ...p, table: readPaperTable2(p.paper, opts.paperDir ?? paperTablesDir()), missing: '' };
    } catch (err) {
      return { ...p, table: null, missing: (err as Error).message };
    }
  });
  const present = new Set(usable.map((r) => r.spec.method));
  const methodOrder = [...METHOD_ORDER.filter((m) => present.has(m)), ...[...present].filter((m) => !METHOD_ORDER.includes(m)).sort()];
  const lines: string[] = [];
  const first = usable[0];
  const demo = first.spec.data.kind === 'demo';
  const settings = e2eSettings(first.spec.method, first.spec.hyper as never, sweep);
  lines.push(`# E2E NLG (IT-Tuning Table 2 / RED Table 2 layout)${demo ? ' — demo data' : ''}`, '');
  lines.push(`- sweep ${sweep}; model ${first.spec.model} (${first.result.backend.versions.model ?? '?'}); data ${demo ? 'demo E2E suite' : first.spec.data.kind === 'folder' ? first.spec.data.dir : 'hub'}`);
  lines.push(`- scores on the report split (test when it has references) for the checkpoint with the lowest selection loss; mean ± sample std (n − 1) over seeds`);
  lines.push(`- decoding per method's paper unless the sweep overrides it (first run: beam ${settings.decode.numBeams}, no-repeat ${settings.decode.noRepeatNgramSize}, length penalty ${settings.decode.lengthPenalty}, ≤ ${settings.decode.maxNewTokens} new tokens)`);
  lines.push(`- backend ${first.result.backend.name} (${first.result.backend.threads} thread(s)); git ${first.git.commit?.slice(0, 10) ?? 'unknown'}${first.git.dirty ? ' (dirty)' : ''}`);
  lines.push(`- paper rows: ${PAPER_MODEL}, as printed; another backbone and the real E2E data, so no difference is computed`);
  for (const p of papers) if (!p.table) lines.push(`- ${p.label}: not available (${p.missing})`);
  lines.push('', `| Method | row | # Params | ${COLUMNS.map((c) => c.label).join(' | ')} | seeds | s/run |`, `|---|---|---|${COLUMNS.map(() => '---|').join('')}---|---|`);
  const out: E2eTable['methods'] = [];
  for (const method of methodOrder) {
    const { runs, configurations } = pickConfiguration(usable.filter((r) => r.spec.method === method));
    const means: Record<string, number> = {};
    const stds: Record<string, number | null> = {};
    const cells = COLUMNS.map((c) => {
      const a = meanStd(runs.map((r) => (r.result.best!.testMetrics![c.key] as number) * c.scale));
      means[c.key] = a.mean;
      stds[c.key] = a.std;
      const digits = c.scale === 100 ? 1 : 2;
      return a.std === null ? fmt(a.mean, digits) : `${fmt(a.mean, digits)} ± ${fmt(a.std, digits)}`;
    });
    const seconds = runs.reduce((s, r) => s + r.result.wallSeconds, 0) / runs.length;
    const note = configurations > 1 ? ` (best of ${configurations} configs)` : '';
    lines.push(`| **${method}**${note} | measured | ${params(runs[0].result.trainableParams)} | ${cells.join(' | ')} | ${runs.length} | ${seconds.toFixed(0)} |`);
    out.push({ method, seeds: runs.length, trainableParams: runs[0].result.trainableParams, means, stds, secondsPerRun: seconds });
    for (const p of papers) {
      const label = PAPER_LABELS[method];
      const row = p.table && label ? p.table.rows.find((r) => r.method === label && r.model === PAPER_MODEL) : undefined;
      if (!row) continue;
      lines.push(`| | ${p.label} | ${row.trainable_params ?? '—'} | ${COLUMNS.map((c) => (typeof row.values[c.paper] === 'number' ? String(row.values[c.paper]) : '—')).join(' | ')} | | |`);
    }
  }
  return { markdown: lines.join('\n') + '\n', methods: out };
}

/** Build the table from `resultsDir` (one sweep folder) and write `<outDir>/<sweep>-e2e.md`. */
export async function writeE2eReport(o: { resultsDir: string; sweep: string; outDir: string; paperDir?: string }): Promise<{ markdown: string; files: string[] }> {
  const results = loadSweepResults(o.resultsDir, o.sweep);
  const table = buildE2eTable(o.sweep, results.records, { paperDir: o.paperDir });
  const file = join(o.outDir, `${o.sweep}-e2e.md`);
  writeFileAtomic(file, table.markdown);
  return { markdown: table.markdown, files: [file] };
}
