export * from './conlleval.ts';
