export * from './losses.ts';
export * from './optimizer.ts';
export * from './schedule.ts';
export * from './trainer.ts';
