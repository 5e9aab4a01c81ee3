/**
 * The papers' reported numbers come from @peftbench/papers (typed data in the repository, so a fresh clone
 * has them). This module keeps the names the reports used before, as thin wrappers.
 */
import { join } from 'node:path';
import { sharedDir } from '@peftbench/util';
import { findPaperRow, paperModels, paperTable, type PaperTable, type ResultRow } from '@peftbench/papers';

export type { PaperTable } from '@peftbench/papers';
export type PaperRow = ResultRow;
export { findPaperRow, paperModels };

/** One results table of a paper (`'red' | 'it-tuning' | 'id3'`), e.g. `loadPaperTable('red', 'table1')`. */
export function loadPaperTable(paper: string, tableId: string): PaperTable {
  return paperTable(paper, tableId);
}

/**
 * @deprecated the reports read @peftbench/papers; kept only for experiments/src/families/e2e-table.ts until
 * that file is removed (its table now lives in reports: buildE2eTable / writeE2eReport).
 */
export const paperTablesDir = (): string => join(sharedDir, 'papers', 'tables');
