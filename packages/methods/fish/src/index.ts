export * from './config.ts';
export * from './apply.ts';
export * from './method.ts';

/** The registry entry under the name every method package exports (experiments registers `method`). */
export { fishMethod as method } from './method.ts';
