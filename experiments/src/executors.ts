/**
 * Executors run one RunSpec and hand back the run function's raw result. ChildExecutor keeps one worker
 * process (started on first use, replaced when it dies); InProcessExecutor calls a function directly
 * (unit tests with a test double). Neither writes files: the runner records every outcome.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '@peftbench/util';
import type { PrepareFn, RunFn, RunProgress, RunSpec } from './run-types.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';

export type Outcome = { kind: 'result'; result: unknown } | { kind: 'error'; message: string };

export interface Executor {
  execute(spec: RunSpec, onProgress: (p: RunProgress) => void, logFile?: string): Promise<Outcome>;
  /** The sweep's prepare step (see PrepareFn), run before any run. */
  prepare(specs: RunSpec[], onProgress: (p: RunProgress) => void, logFile?: string): Promise<Outcome>;
  /** Stop any work in flight (its execute() settles with an error) and release the process. */
  close(): void;
}

export class InProcessExecutor implements Executor {
  constructor(private readonly runFn: RunFn, private readonly prepareFn?: PrepareFn) {}
  async execute(spec: RunSpec, onProgress: (p: RunProgress) => void): Promise<Outcome> {
    try {
      return { kind: 'result', result: await this.runFn(spec, onProgress) };
    } catch (err) {
      return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
    }
  }
  async prepare(specs: RunSpec[], onProgress: (p: RunProgress) => void): Promise<Outcome> {
    try {
      await this.prepareFn?.(specs, onProgress);
      return { kind: 'result', result: null };
    } catch (err) {
      return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
    }
  }
  close(): void {}
}

const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TAIL_CHARS = 2000;

export class ChildExecutor implements Executor {
  private child: ChildProcess | null = null;
  private settle: ((o: Outcome) => void) | null = null;
  private stderrTail = '';
  private logFile: string | undefined;
  private closed = false;

  constructor(
    private readonly run: { module: string; exportName: string; prepareExport?: string },
    private readonly options: { freshProcessPerRun?: boolean } = {},
  ) {}

  private start(): ChildProcess {
    // tsx is resolved from the repository root (root node_modules), which is also the worker's cwd.
    const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced', // keeps NaN / Infinity in results, so a diverged run is seen as such
      env: { ...process.env, PEFTBENCH_WORKER: '1' },
    });
    const capture = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString();
      if (stream === 'stderr') this.stderrTail = (this.stderrTail + text).slice(-TAIL_CHARS);
      if (this.logFile) appendFileSync(this.logFile, text);
    };
    child.stdout!.on('data', capture('stdout'));
    child.stderr!.on('data', capture('stderr'));
    // Events of a replaced child (fresh process per run) must not settle the current run: check identity.
    child.on('message', (msg: FromWorker) => {
      if (this.child === child) this.onMessage(msg);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      const tail = this.stderrTail.trim().split('\n').slice(-5).join('\n');
      this.finish({ kind: 'error', message: `worker process exited (code ${code}, signal ${signal}) during the run${tail ? `:\n${tail}` : ''}` });
    });
    return child;
  }

  private progress: ((p: RunProgress) => void) | null = null;

  private onMessage(msg: FromWorker): void {
    if (msg.type === 'progress') this.progress?.(msg.progress);
    else if (msg.type === 'result') this.finish({ kind: 'result', result: msg.result });
    else if (msg.type === 'error') this.finish({ kind: 'error', message: msg.message });
  }

  private finish(outcome: Outcome): void {
    const settle = this.settle;
    this.settle = null;
    this.progress = null;
    settle?.(outcome);
  }

  execute(spec: RunSpec, onProgress: (p: RunProgress) => void, logFile?: string): Promise<Outcome> {
    if (this.options.freshProcessPerRun) this.stopChild();
    return this.send({ type: 'run', spec, module: this.run.module, exportName: this.run.exportName }, onProgress, logFile);
  }

  prepare(specs: RunSpec[], onProgress: (p: RunProgress) => void, logFile?: string): Promise<Outcome> {
    if (!this.run.prepareExport) return Promise.resolve({ kind: 'result', result: null });
    return this.send({ type: 'prepare', specs, module: this.run.module, exportName: this.run.prepareExport }, onProgress, logFile);
  }

  private send(msg: ToWorker, onProgress: (p: RunProgress) => void, logFile?: string): Promise<Outcome> {
    if (this.closed) return Promise.resolve({ kind: 'error', message: 'executor closed' });
    if (this.settle) throw new Error('ChildExecutor: one run at a time');
    this.logFile = logFile;
    if (logFile) mkdirSync(dirname(logFile), { recursive: true });
    this.stderrTail = '';
    // a worker that died while idle (its exit event may not have been handled yet) is replaced, not sent to
    if (this.child && (!this.child.connected || this.child.exitCode !== null || this.child.signalCode !== null)) this.child = null;
    this.child ??= this.start();
    return new Promise<Outcome>((resolve) => {
      this.settle = resolve;
      this.progress = onProgress;
      this.child!.send(msg, (err) => {
        if (err) this.finish({ kind: 'error', message: `could not reach the worker process: ${err.message}` });
      });
    });
  }

  private stopChild(): void {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  close(): void {
    this.closed = true;
    this.finish({ kind: 'error', message: 'interrupted' });
    this.stopChild();
  }
}
