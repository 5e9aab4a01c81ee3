/** @deprecated module name kept for existing imports: every layout is in `layouts.ts`. */
export * from './layouts.ts';
