export * from './config.ts';
export * from './positions.ts';
export * from './edits.ts';
export * from './insert.ts';
export * from './attention-rule.ts';
export * from './dims.ts';
export * from './count.ts';
export * from './apply.ts';
export * from './method.ts';
export * from './resolve-config.ts';

/** The registry entry under the name every method package exports (experiments registers `method`). */
export { itTuningMethod as method } from './method.ts';
