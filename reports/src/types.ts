/** Types shared by the build steps (kept apart so that build.ts and the per-family steps do not import each other). */
import type { GlueTable } from './table.ts';

export interface BuiltTable {
  sweep: string;
  /** Layout id, e.g. `red-table1`. */
  layoutId: string;
  family: string;
  table: GlueTable;
  markdown: string;
  files: string[];
}
