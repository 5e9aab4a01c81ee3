export * from './extract.ts';
