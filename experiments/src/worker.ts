/**
 * A worker process: runs one RunSpec at a time with the run function named in each message, and reports
 * progress and the result back over IPC. It writes no result file: the parent does, so a worker that dies
 * mid-run leaves nothing half-done behind. Started as `node --import tsx worker.ts` with an IPC channel.
 */
import { pathToFileURL } from 'node:url';
import type { FromWorker, ToWorker } from './worker-protocol.ts';
import type { RunFn, RunProgress } from './run-types.ts';

const PROGRESS_INTERVAL_MS = 250;

function send(msg: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

async function loadRunFn(module: string, exportName: string): Promise<RunFn> {
  const mod = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') throw new Error(`${module}: no exported function '${exportName}'`);
  return fn as RunFn;
}

async function handle(msg: ToWorker): Promise<void> {
  const { spec } = msg;
  let lastSent = 0;
  let lastPhase = '';
  const onProgress = (p: RunProgress) => {
    const now = Date.now();
    // throttle: the run may report every step; the display needs a few updates a second
    if (now - lastSent < PROGRESS_INTERVAL_MS && p.phase === lastPhase && p.step < p.totalSteps) return;
    lastSent = now;
    lastPhase = p.phase;
    void send({ type: 'progress', id: spec.id, progress: { ...p } });
  };
  try {
    const run = await loadRunFn(msg.module, msg.exportName);
    const result = await run(spec, onProgress);
    await send({ type: 'result', id: spec.id, result });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    await send({ type: 'error', id: spec.id, message: e.message, stack: e.stack });
  }
}

// The parent is gone (finished, interrupted or killed): stop, so no orphan keeps computing.
process.on('disconnect', () => process.exit(0));
process.on('message', (msg: ToWorker) => {
  if (msg?.type === 'run') void handle(msg);
});
void send({ type: 'ready' });
