/** @deprecated module name kept for existing imports: the builder is `table.ts` (every family, rows by config). */
export * from './table.ts';
