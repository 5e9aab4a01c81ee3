export * from './classification.ts';
export * from './correlation.ts';
export * from './tasks.ts';
