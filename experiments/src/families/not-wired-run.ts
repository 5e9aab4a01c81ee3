/** Run function for families that have none yet: fails every run with a clear message. */
import type { RunFn } from '../run-types.ts';

export const runNotWired: RunFn = async (spec) => {
  throw new Error(`family '${spec.family}' is not wired yet: no run function for task ${spec.task}`);
};
