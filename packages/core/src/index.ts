export * from './backend/index.ts';
export * from './hooks.ts';
export * from './params.ts';
export * from './models/index.ts';
export * from './method.ts';
export * from './adapter.ts';
export * from './random.ts';
export * from './train/index.ts';
export * from './plan/index.ts';
// Decoders, generation and llama2.c conversion (issue 6).
export * from './models/decoder-base.ts';
export * from './models/decoder-cache.ts';
export * from './models/decoder-config.ts';
export * from './models/gpt2.ts';
export * from './models/llama.ts';
export * from './generate/index.ts';
export * from './convert/index.ts';
// Parameter and Linear tables from config.json alone (no weights), mirroring the models above; method
// packages count with them.
export * from './models/shapes/index.ts';
export { readConfigForCounting } from './models/shapes/read.ts';
