/**
 * The papers' reported numbers, from ../shared/papers/tables/<paper>.json (schema in that folder's README):
 * values exactly as printed (×100 scale), `trainable_params` as the printed string.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, sharedDir } from '@peftbench/util';

export interface PaperRow {
  method: string;
  model: string;
  trainable_params: string | null;
  trainable_params_count?: number | null;
  budget?: string | null;
  values: Record<string, number | null>;
  std?: Record<string, number | null>;
  std_from_table14?: Record<string, number | null>;
  label_as_printed?: string;
}

export interface PaperTable {
  paper: string;
  paperTitle: string;
  id: string;
  caption: string;
  columns: string[];
  average_column: string | null;
  average_over: string[];
  rows: PaperRow[];
}

export const paperTablesDir = (): string => join(sharedDir, 'papers', 'tables');

/**
 * One table of ../shared/papers/tables/<paper>.json, checked. `averageOptional`: a table without
 * `average_over` is accepted (ID3 Table 4 has one column and no average).
 */
export function loadPaperTable(paper: string, tableId: string, dir = paperTablesDir(), opts: { averageOptional?: boolean } = {}): PaperTable {
  const file = join(dir, `${paper}.json`);
  if (!existsSync(file)) throw new InputError(`${file}: paper table file not found`);
  let json: { paper?: { title?: string }; tables?: unknown };
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(json.tables)) throw new InputError(`${file} [tables]: expected a list of tables`);
  const index = json.tables.findIndex((t: { id?: string }) => t?.id === tableId);
  if (index < 0) throw new InputError(`${file} [tables]: no table with id '${tableId}'`);
  const t = json.tables[index] as Partial<PaperTable>;
  const required = opts.averageOptional && t.average_over === undefined ? (['columns', 'rows'] as const) : (['columns', 'rows', 'average_over'] as const);
  for (const key of required) {
    if (!Array.isArray(t[key])) throw new InputError(`${file} [tables[${index}].${key}]: expected a list`);
  }
  t.rows!.forEach((r, i) => {
    if (typeof r?.method !== 'string' || typeof r.values !== 'object' || r.values === null) {
      throw new InputError(`${file} [tables[${index}].rows[${i}]]: expected 'method' and 'values'`);
    }
  });
  return {
    paper,
    paperTitle: json.paper?.title ?? paper,
    id: tableId,
    caption: t.caption ?? '',
    columns: t.columns!,
    average_column: t.average_column ?? null,
    average_over: t.average_over ?? [],
    rows: t.rows!,
  };
}

/**
 * The paper row for one method: matched on `method`, then narrowed by backbone (RED prints base and large
 * rows) and budget (ID3 prints 103K and 320K rows). Null when the paper has no such row (e.g. BitFit in
 * IT-Tuning Table 1); throws when the choice is ambiguous, so a wrong comparison cannot slip in.
 */
export function findPaperRow(table: PaperTable, method: string, where: { model?: string; budget?: string } = {}): PaperRow | null {
  let rows = table.rows.filter((r) => r.method === method);
  if (where.model) rows = rows.filter((r) => r.model === where.model);
  if (where.budget) rows = rows.filter((r) => r.budget === where.budget);
  if (rows.length <= 1) return rows[0] ?? null;
  // IT-Tuning prints some methods at two sizes (Adpt^P 3.0M / 0.8M): ambiguous without a budget
  throw new InputError(
    `${table.paper} ${table.id}: ${rows.length} rows for method '${method}'${where.model ? ` on ${where.model}` : ''}; narrow it with a model or budget (${rows.map((r) => `${r.model} ${r.trainable_params}`).join('; ')})`,
  );
}

/** Backbones a table has rows for, in order of appearance. */
export function paperModels(table: PaperTable): string[] {
  return [...new Set(table.rows.map((r) => r.model))];
}
