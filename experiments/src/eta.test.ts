import { describe, expect, test } from 'vitest';
import { formatDuration, runEta, sweepEta } from './eta.ts';

describe('ETA', () => {
  test('one run: rate so far times steps left', () => {
    expect(runEta(25, 100, 10)).toBe(30);
    expect(runEta(0, 100, 10)).toBeNull();
  });
  test('sweep: mean finished duration × work left ÷ workers', () => {
    // 3 queued × 10 s + running run at 2 s of 10 s (8 s left) = 38 s of work over 2 workers
    expect(sweepEta({ queued: 3, running: [{ fraction: 0.2, elapsedSeconds: 2 }], finishedSeconds: [8, 12], workers: 2 })).toBe(19);
  });
  test('sweep: before anything finished, extrapolate from the runs in flight', () => {
    // running run at 25% after 5 s → 20 s per run; 15 s left + 2 queued × 20 s = 55 s
    expect(sweepEta({ queued: 2, running: [{ fraction: 0.25, elapsedSeconds: 5 }], finishedSeconds: [], workers: 1 })).toBe(55);
    expect(sweepEta({ queued: 2, running: [{ fraction: 0, elapsedSeconds: 1 }], finishedSeconds: [], workers: 1 })).toBeNull();
  });
  test('durations print compactly', () => {
    expect([formatDuration(42), formatDuration(192), formatDuration(3 * 3600 + 5 * 60), formatDuration(null)]).toEqual(['42s', '3m12s', '3h05m', '?']);
  });
});
