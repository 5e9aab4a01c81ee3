export * from './hooks.ts';
export * from './params.ts';
export * from './models/index.ts';
