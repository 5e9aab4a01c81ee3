/**
 * RFC 4180 CSV parsing (quoted fields, "" escapes, newlines inside quotes). Hand-written because no CSV
 * parser is installed in the workspace (csv-stringify only writes); see README.
 */
import { at } from '@peftbench/util';

export interface CsvRow { fields: string[]; line: number }

export function parseCsv(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [], field = '', inQuotes = false, line = 1, rowLine = 1, quoteLine = 0;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line: rowLine });
    fields = []; field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') { inQuotes = true; quoteLine = line; }
    else if (c === ',') { fields.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++; rowLine = line;
    } else field += c;
  }
  if (inQuotes) throw at(file, quoteLine, 'unterminated quoted field');
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}
