/**
 * The papers' reported numbers come from @peftbench/papers (typed data in the repository, so a fresh clone
 * has them). This module keeps the names the reports used before, as thin wrappers.
 */
import { findPaperRow, paperModels, paperTable, type PaperTable, type ResultRow } from '@peftbench/papers';

export type { PaperTable } from '@peftbench/papers';
export type PaperRow = ResultRow;
export { findPaperRow, paperModels };

/** One results table of a paper (a `PaperId` of @peftbench/papers), e.g. `loadPaperTable(PAPER.red, 'table1')`. */
export function loadPaperTable(paper: string, tableId: string): PaperTable {
  return paperTable(paper, tableId);
}
