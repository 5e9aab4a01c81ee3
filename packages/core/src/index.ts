export * from './backend/index.ts';
export * from './hooks.ts';
export * from './params.ts';
export * from './models/index.ts';
export * from './method.ts';
export * from './adapter.ts';
export * from './train/index.ts';
