/**
 * PLACEHOLDER — the lead replaces this with the real GLUE run (load model, apply method, train, evaluate
 * per RunSpec.protocol). Until then every GLUE run fails with the message below, is recorded as 'failed',
 * and is retried on the next invocation of the sweep.
 */
import type { RunFn } from '../run-types.ts';

export const runGlue: RunFn = async (spec) => {
  throw new Error(`glue run function not wired yet (experiments/src/families/glue-run.ts); run ${spec.id}`);
};
