import { at } from '@peftbench/util';
import { BadRows } from './bad-rows.ts';
import { readTextFile, splitLines } from './text-file.ts';

/** One data row of a TSV file: its 1-based line number and cells looked up by column name. */
export interface TsvRecord {
  line: number;
  cells: string[];
  get(column: string): string;
}

export interface TsvLayout {
  /** Columns that must be present; a first line holding all of them is the header. */
  required: string[];
  /** Column names for files without a header line (CoLA, the QQP subset); absent = a header is required. */
  headerless?: string[];
}

/**
 * Read a GLUE-style TSV: tab-separated, one record per line, NO quoting (GLUE's files hold bare `"`
 * characters, so a CSV reader would merge lines). Columns are found by header name, so MNLI's 12-column
 * train and 16-column dev files share one code path; headerless files use `layout.headerless`.
 * A row with the wrong number of fields is a bad row naming file and line. Rows are yielded lazily so
 * that the caller's own checks (labels) fail in line order with the field-count checks.
 */
export function* readTsv(file: string, layout: TsvLayout, bad: BadRows): Generator<TsvRecord> {
  const lines = splitLines(readTextFile(file));
  if (lines.length === 0) throw at(file, undefined, 'the file is empty');
  const first = lines[0].split('\t');
  let header: string[];
  let start: number;
  if (layout.required.every((c) => first.includes(c))) {
    header = first;
    start = 1;
  } else if (layout.headerless) {
    header = layout.headerless;
    start = 0;
  } else {
    throw at(file, 1, `expected a header line with columns ${layout.required.join(', ')}; got '${lines[0].slice(0, 120)}'`);
  }
  const index = new Map(header.map((name, i) => [name, i] as [string, number]));
  for (const c of layout.required) {
    if (!index.has(c)) throw at(file, 1, `column '${c}' is missing (columns: ${header.join(', ')})`);
  }
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const cells = raw.split('\t');
    const line = i + 1;
    if (cells.length !== header.length) {
      bad.fail(at(file, line, `expected ${header.length} tab-separated fields, got ${cells.length}`));
      continue;
    }
    yield {
      line,
      cells,
      get: (column: string) => {
        const k = index.get(column);
        if (k === undefined) throw at(file, line, `no column '${column}'`);
        return cells[k];
      },
    };
  }
}
