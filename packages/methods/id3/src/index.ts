export * from './config.ts';
export * from './schedule.ts';
export * from './selection.ts';
export * from './topk.ts';
export * from './sparse-io.ts';
export * from './targets.ts';
export * from './selective.ts';
export * from './pfeiffer.ts';
export * from './d3.ts';
export * from './apply.ts';
export * from './count.ts';
export * from './method.ts';
export * from './lora-targets.ts';
export * from './testing.ts';

/** The registry entry under the name every method package exports (experiments registers `method`). */
export { id3Method as method } from './method.ts';
