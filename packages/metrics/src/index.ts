export * from './glue/index.ts';
export * from './ner/index.ts';
export * from './math/index.ts';
