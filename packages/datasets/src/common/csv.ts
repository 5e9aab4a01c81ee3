import { at } from '@peftbench/util';
import { BadRows } from './bad-rows.ts';
import { readTextFile } from './text-file.ts';

/** One CSV record with the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * RFC-4180 CSV (comma, double-quoted fields with "" escapes, quoted fields may span lines), as the E2E
 * files use. Hand-written because no CSV parser is among the installed packages (csv-parse would be the
 * library choice); it is small and the error cases (unterminated quote, text after a closing quote) must
 * name the line anyway. An unterminated quote is fatal: no later record boundary can be trusted.
 */
export function parseCsv(text: string, file: string, bad: BadRows): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let error: string | undefined;
    // One record.
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) throw at(file, quoteLine, 'unterminated quoted field (no closing ")');
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          error ??= `unexpected text after a closing quote: '${text.slice(i, i + 20)}'`;
          while (i < n && text[i] !== ',' && text[i] !== '\n') i++;
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') error ??= 'a bare " inside an unquoted field';
          cell += text[i];
          i++;
        }
      }
      cells.push(cell);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    if (cells.length === 1 && cells[0] === '') continue; // blank line
    if (error) bad.fail(at(file, startLine, error));
    else records.push({ line: startLine, cells });
  }
  return records;
}

/** Read a CSV file with a header; returns the header (lower-cased) and the data records. */
export function readCsvFile(file: string, bad: BadRows): { header: string[]; records: CsvRecord[] } {
  const all = parseCsv(readTextFile(file), file, bad);
  if (all.length === 0) throw at(file, undefined, 'the file is empty');
  return { header: all[0].cells.map((h) => h.trim().toLowerCase()), records: all.slice(1) };
}
