export * from './glue/index.ts';
export * from './ner/index.ts';
export * from './math/index.ts';
export * from './e2e/index.ts';
export { loadReferences, loadHypotheses, parseReferenceCsv, parseReferenceText, type E2EReferences } from './io/e2e-files.ts';
export { runScoreCli } from './cli/score.ts';
