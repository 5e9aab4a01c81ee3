/**
 * Test doubles for the Slurm executor.
 *  - hangingRun: fakeRun, except that seeds in methodConfig.fakeHangSeeds never finish (time-limit tests);
 *    fakePrepare re-exported beside it (prepareExport: fakePrepare).
 *  - FakeScheduler: a Scheduler without Slurm whose task states the test sets (bookkeeping tests).
 */
import { readFileSync } from 'node:fs';
import type { RunFn } from '../../run-types.ts';
import { fakeRun } from '../../testing/fake-run.ts';

export { fakePrepare } from '../../testing/fake-run.ts';
import type { JobRef, JobStates, Scheduler, TaskState } from '../slurm-scheduler.ts';

const list = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);

export const hangingRun: RunFn = async (spec, onProgress) => {
  if (list(spec.methodConfig.fakeHangSeeds).includes(spec.seed)) {
    onProgress({ step: 0, totalSteps: 4, phase: 'train' });
    await new Promise(() => setInterval(() => {}, 1000)); // never settles; the timer keeps the process alive
  }
  return fakeRun(spec, onProgress);
};

export class FakeScheduler implements Scheduler {
  readonly scripts: string[] = [];
  readonly tasks = new Map<string, TaskState>();
  private readonly names = new Map<string, string>();
  private next = 100;
  checked = 0;

  check(): void {
    this.checked++;
  }

  submit(scriptFile: string): string {
    const text = readFileSync(scriptFile, 'utf8');
    const name = /--job-name=(\S+)/.exec(text)![1];
    const array = /--array=0-(\d+)/.exec(text);
    const id = String(this.next++);
    this.scripts.push(scriptFile);
    this.names.set(name, id);
    if (!array) this.tasks.set(id, { state: 'PENDING', source: 'squeue' }); // a plain job (prepare)
    else for (let i = 0; i <= Number(array[1]); i++) this.tasks.set(`${id}_${i}`, { state: 'PENDING', source: 'squeue' });
    return id;
  }

  set(key: string, state: string, extra: Partial<TaskState> = {}): void {
    this.tasks.set(key, { state, source: 'squeue', ...extra });
  }

  /** Slurm forgets the task (purged, no accounting). */
  forget(key: string): void {
    this.tasks.delete(key);
  }

  states(jobs: JobRef[]): JobStates {
    const out: JobStates = { jobIds: new Map(), tasks: new Map(), notes: [] };
    for (const j of jobs) {
      const id = this.names.get(j.name);
      if (!id) continue;
      out.jobIds.set(j.name, id);
      for (let i = 0; i < j.runs; i++) {
        const t = this.tasks.get(`${id}_${i}`);
        if (t) out.tasks.set(`${id}_${i}`, t);
      }
    }
    return out;
  }

  cancel(): void {}
}
