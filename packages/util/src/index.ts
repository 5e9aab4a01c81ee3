export * from './atomic.ts';
export * from './random.ts';
export * from './paths.ts';
export * from './errors.ts';
export * from './text.ts';
