export * from './config.ts';
export * from './schedule.ts';
export * from './apply.ts';
export * from './count.ts';
export * from './method.ts';

/** The registry entry under the name every method package exports (experiments registers `method`). */
export { id3Method as method } from './method.ts';
