import { describe, expect, test } from 'vitest';
import { createProgressDisplay } from './progress.ts';
import type { RunSpec } from './run-types.ts';
import type { RunRecord } from './run-record.ts';

const spec = { id: 'rte-lora-s1-abc', task: 'rte', method: 'lora', seed: 1 } as RunSpec;
const record = (status: 'ok' | 'failed', message?: string) =>
  ({ spec, runnerWallSeconds: 3, result: { status, message, best: status === 'ok' ? { metric: 'accuracy', value: 0.71234, step: 40 } : null } }) as unknown as RunRecord;

function capture(isTTY: boolean) {
  let text = '';
  let t = 0;
  const d = createProgressDisplay({ isTTY, write: (s: string) => (text += s) }, () => t);
  return { d, text: () => text, advance: (ms: number) => (t += ms) };
}

describe('progress display', () => {
  test('plain lines when stdout is not a TTY: start, quarter marks with loss and ETA, end', () => {
    const c = capture(false);
    c.d.onEvent({ type: 'start', sweep: 's', dir: '/r/s', total: 2, toRun: 2, skipped: 0, retrying: 0, corrupt: [{ file: '/r/s/x.json', reason: 'not valid JSON' }], workers: 1 });
    c.d.onEvent({ type: 'run-start', spec, slot: 0 });
    c.advance(10_000);
    c.d.onEvent({ type: 'run-progress', spec, slot: 0, progress: { step: 50, totalSteps: 100, loss: 0.5, phase: 'train' } });
    c.d.onEvent({ type: 'run-progress', spec, slot: 0, progress: { step: 51, totalSteps: 100, loss: 0.5, phase: 'train' } }); // same quarter: silent
    c.d.onEvent({ type: 'run-progress', spec, slot: 0, progress: { step: 30, totalSteps: 100, phase: 'eval' } }); // new phase: its own quarters
    c.d.onEvent({ type: 'run-end', spec, slot: 0, record: record('ok'), file: '/r/s/rte-lora-s1-abc.json' });
    const lines = c.text().trim().split('\n');
    expect(lines).toEqual([
      'corrupt result /r/s/x.json: not valid JSON — not counted, will run again',
      'sweep s: 2 runs, 0 already done, 2 to run on 1 worker → /r/s',
      'each finished run shows its selected checkpoint: the selection split (dev, or the validation half under red-split) and its metric ×100 as in the tables (losses as they are)',
      'start rte/lora s1 (rte-lora-s1-abc)',
      '[1] rte/lora s1  train step 50/100  loss 0.5000  ETA 10s',
      '[1] rte/lora s1  eval step 30/100  ETA 23s',
      '[1/2] ok rte/lora s1: dev accuracy 71.23 at step 40 in 10s',
    ]);
    expect(c.text()).not.toContain('\x1b[');
    c.d.stop();
  });

  test('on a TTY the status block is redrawn in place with done / running / failed counts', () => {
    const c = capture(true);
    c.d.onEvent({ type: 'start', sweep: 's', dir: '/r/s', total: 3, toRun: 2, skipped: 1, retrying: 0, corrupt: [], workers: 2 });
    c.d.onEvent({ type: 'run-start', spec, slot: 0 });
    c.advance(4000);
    c.d.onEvent({ type: 'run-progress', spec, slot: 0, progress: { step: 20, totalSteps: 100, loss: 0.25, phase: 'train' } });
    c.d.onEvent({ type: 'run-end', spec, slot: 0, record: record('failed', 'boom\nstack'), file: 'f' });
    c.d.stop();
    const text = c.text();
    expect(text).toContain('\x1b[0J');
    expect(text).toMatch(/\x1b\[\d+F/); // cursor moved up to redraw
    expect(text).toContain('[2/3] FAILED rte/lora s1 after 4s: boom\n');
    expect(text).toContain('s: 2/3 done · 0 running · 1 failed · 0 diverged');
  });
});
