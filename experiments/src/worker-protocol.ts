/** Messages between the sweep runner and a worker process (IPC with structured-clone serialisation). */
import type { RunProgress, RunSpec } from './run-types.ts';

export type ToWorker =
  | { type: 'run'; spec: RunSpec; module: string; exportName: string }
  | { type: 'prepare'; specs: RunSpec[]; module: string; exportName: string };

/** The id progress and result messages carry during a prepare step. */
export const PREPARE_ID = '(prepare)';

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: string; progress: RunProgress }
  | { type: 'result'; id: string; result: unknown }
  | { type: 'error'; id: string; message: string; stack?: string };
