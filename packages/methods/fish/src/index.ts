export * from './config.ts';
export * from './apply.ts';
export * from './method.ts';
