/**
 * @peftbench/papers: the seed papers' printed tables as typed data, so reports and sweeps have the papers'
 * numbers on a fresh clone (no ../shared needed).
 *
 *   import { paperTable, findPaperRow, paperHyperparameters } from '@peftbench/papers';
 *   const t = paperTable('red', 'table1');                          // results table, rows checked
 *   findPaperRow(t, 'RED', { model: 'RoBERTa-base' })!.values.RTE;  // 78.0 as printed
 *   paperHyperparameters('red', { tableId: 'table9', method: 'LoRA' });
 */
import { InputError } from '@peftbench/util';
import { id3 } from './data/id3.ts';
import { itTuning } from './data/it-tuning.ts';
import { red } from './data/red.ts';
import type { HyperparameterBlock, PaperFile, PaperRow, PaperTableData, ResultRow } from './types.ts';

export type * from './types.ts';

export const PAPER_IDS = ['it-tuning', 'red', 'id3'] as const;
export type PaperId = (typeof PAPER_IDS)[number];
/** The papers by name, for code that picks one (`PAPER.red`): the ids live here, with the data. */
export const PAPER = { itTuning: 'it-tuning', red: 'red', id3: 'id3' } as const satisfies Record<string, PaperId>;

const FILES: Record<PaperId, PaperFile> = { 'it-tuning': itTuning, red, id3 };

/** Where the data lives, for error messages ("packages/papers/src/data/red.ts [tables]: ..."). */
const where = (paper: string) => `packages/papers/src/data/${paper}.ts`;

export function isPaperId(paper: string): paper is PaperId {
  return (PAPER_IDS as readonly string[]).includes(paper);
}

/** A paper's whole file: bibliographic info, every table, every hyperparameter block. */
export function paperFile(paper: string): PaperFile {
  if (!isPaperId(paper)) throw new InputError(`@peftbench/papers: unknown paper '${paper}' (known: ${PAPER_IDS.join(', ')})`);
  return FILES[paper];
}

/** A results table with its paper's title, as the reports use it. */
export interface PaperTable extends PaperTableData {
  paper: PaperId;
  paperTitle: string;
  /** Columns the paper's average is over; [] for tables without an average. */
  average_over: string[];
  rows: ResultRow[];
}

/** Any table of a paper, as stored (data tables such as RED Table 8 or ID3 Table 6 included). */
export function paperDataTable(paper: string, tableId: string): PaperTableData {
  const file = paperFile(paper);
  const t = file.tables.find((x) => x.id === tableId);
  if (!t) throw new InputError(`${where(paper)} [tables]: no table with id '${tableId}' (has ${file.tables.map((x) => x.id).join(', ')})`);
  return t;
}

/** A results table (rows with method, backbone and printed parameter count); throws for a data table. */
export function paperTable(paper: string, tableId: string): PaperTable {
  const t = paperDataTable(paper, tableId);
  const index = paperFile(paper).tables.indexOf(t);
  t.rows.forEach((r, i) => {
    if (typeof r.method !== 'string' || typeof r.model !== 'string' || r.trainable_params === undefined) {
      throw new InputError(`${where(paper)} [tables[${index}].rows[${i}]]: not a results row (needs method, model, trainable_params); use paperDataTable for '${tableId}'`);
    }
  });
  return { ...t, paper: paper as PaperId, paperTitle: paperFile(paper).paper.title, average_over: t.average_over ?? [], rows: t.rows as ResultRow[] };
}

/** Every table id of a paper, in the paper's order. */
export function paperTableIds(paper: string): string[] {
  return paperFile(paper).tables.map((t) => t.id);
}

/**
 * The row for one method: matched on `method`, then narrowed by backbone, budget (ID3: 103K / 320K) and any
 * variant field (`match: { rank: 4 }`, `{ position: 'FFN' }`). Null when there is none; an InputError when
 * several rows remain, so a wrong comparison cannot slip in.
 */
export function findPaperRow(
  table: { paper: string; id: string; rows: PaperRow[] },
  method: string,
  opts: { model?: string; budget?: string; match?: Record<string, unknown> } = {},
): ResultRow | null {
  let rows = table.rows.filter((r): r is ResultRow => r.method === method);
  if (opts.model) rows = rows.filter((r) => r.model === opts.model);
  if (opts.budget) rows = rows.filter((r) => r.budget === opts.budget);
  for (const [k, v] of Object.entries(opts.match ?? {})) rows = rows.filter((r) => r[k] === v);
  if (rows.length <= 1) return rows[0] ?? null;
  throw new InputError(
    `${table.paper} ${table.id}: ${rows.length} rows for method '${method}'${opts.model ? ` on ${opts.model}` : ''}; narrow it with a model, budget or variant (${rows.map((r) => `${r.model} ${r.trainable_params}`).join('; ')})`,
  );
}

/** Backbones a table has rows for, in order of appearance. */
export function paperModels(table: { rows: PaperRow[] }): string[] {
  return [...new Set(table.rows.map((r) => r.model).filter((m): m is string => typeof m === 'string'))];
}

/** Hyperparameter blocks of a paper (RED T9–T13, IT-Tuning T4, ID3 T7a/b, prose), optionally filtered. */
export function paperHyperparameters(paper: string, filter: { tableId?: string; method?: string; model?: string } = {}): HyperparameterBlock[] {
  return paperFile(paper).hyperparameters.filter(
    (h) => (filter.tableId === undefined || h.table_id === filter.tableId) && (filter.method === undefined || h.method === filter.method) && (filter.model === undefined || h.model === filter.model),
  );
}

/**
 * One setting of a hyperparameter block for one column (task): per-column objects are indexed, scalars
 * apply to every column. Undefined when the block does not set it.
 */
export function hyperValue(block: HyperparameterBlock, setting: string, column?: string): unknown {
  const v = block.settings[setting];
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && column !== undefined && block.columns?.includes(column)) return (v as Record<string, unknown>)[column];
  return v;
}
