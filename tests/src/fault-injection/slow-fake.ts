/**
 * The run module of the fault-injection sweeps: experiments' deterministic fake run (fakeRun), and a prepare
 * step that takes FAULT_PREPARE_MS (default 1500 ms) so that a kill can land while the sweep prepares.
 */
import { fakePrepare } from '@peftbench/experiments/testing';
import type { PrepareFn } from '@peftbench/experiments';

export { fakeRun } from '@peftbench/experiments/testing';

export const slowPrepare: PrepareFn = async (specs, onProgress) => {
  await fakePrepare(specs, onProgress);
  await new Promise((r) => setTimeout(r, Number(process.env.FAULT_PREPARE_MS ?? 1500)));
};
