/** Test helpers other packages' tests use (`@peftbench/experiments/testing`): the deterministic fake run, temp files, a tiny T5. */
export * from './fake-run.ts';
export * from './tmp.ts';
