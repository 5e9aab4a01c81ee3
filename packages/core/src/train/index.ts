export * from './losses.ts';
export * from './optimizer.ts';
export * from './schedule.ts';
export * from './trainer.ts';
export * from './micro-batch.ts';
export { checkpointLayer } from './checkpoint.ts';
