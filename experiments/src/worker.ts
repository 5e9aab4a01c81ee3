/**
 * A worker process: runs one RunSpec (or a sweep's prepare step) at a time with the function named in each message, and reports
 * progress and the result back over IPC. It writes no result file: the parent does, so a worker that dies
 * mid-run leaves nothing half-done behind. Started as `node --import tsx worker.ts` with an IPC channel.
 */
import { pathToFileURL } from 'node:url';
import { PREPARE_ID, type FromWorker, type ToWorker } from './worker-protocol.ts';
import type { PrepareFn, RunFn, RunProgress } from './run-types.ts';

const PROGRESS_INTERVAL_MS = 250;

function send(msg: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

async function loadExport<T>(module: string, exportName: string, optional = false): Promise<T | null> {
  const mod = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
  const fn = mod[exportName];
  if (fn === undefined && optional) return null; // a family without shared preparation
  if (typeof fn !== 'function') throw new Error(`${module}: no exported function '${exportName}'`);
  return fn as T;
}

async function handle(msg: ToWorker): Promise<void> {
  const id = msg.type === 'run' ? msg.spec.id : PREPARE_ID;
  let lastSent = 0;
  let lastPhase = '';
  const onProgress = (p: RunProgress) => {
    const now = Date.now();
    // throttle: the run may report every step; the display needs a few updates a second
    if (now - lastSent < PROGRESS_INTERVAL_MS && p.phase === lastPhase && p.step < p.totalSteps) return;
    lastSent = now;
    lastPhase = p.phase;
    void send({ type: 'progress', id, progress: { ...p } });
  };
  try {
    let result: unknown = null;
    if (msg.type === 'run') result = await (await loadExport<RunFn>(msg.module, msg.exportName))!(msg.spec, onProgress);
    else await (await loadExport<PrepareFn>(msg.module, msg.exportName, true))?.(msg.specs, onProgress);
    await send({ type: 'result', id, result });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    await send({ type: 'error', id, message: e.message, stack: e.stack });
  }
}

// The parent is gone (finished, interrupted or killed): stop, so no orphan keeps computing.
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group; only the parent decides (it drops the run and stops us), so a
// run cut short by the user is never mistaken for a run whose process died.
process.on('SIGINT', () => {});
process.on('message', (msg: ToWorker) => {
  if (msg?.type === 'run' || msg?.type === 'prepare') void handle(msg);
});
void send({ type: 'ready' });
