/** Time estimates for the progress display (pure functions, tested). */

/** Seconds left in one run, from its rate so far; null until a step has finished. */
export function runEta(step: number, totalSteps: number, elapsedSeconds: number): number | null {
  if (step <= 0 || totalSteps <= 0 || elapsedSeconds <= 0) return null;
  return Math.max(0, (elapsedSeconds / step) * (totalSteps - step));
}

export interface SweepEtaInput {
  /** Runs not started yet. */
  queued: number;
  /** Runs in flight: fraction of their steps done and seconds since they started. */
  running: { fraction: number; elapsedSeconds: number }[];
  /** Durations of runs finished in this invocation. */
  finishedSeconds: number[];
  workers: number;
}

/**
 * Seconds until the sweep ends: the mean run duration (from finished runs, else extrapolated from the
 * runs in flight) times the work left, shared over the workers. Null while nothing is known.
 */
export function sweepEta({ queued, running, finishedSeconds, workers }: SweepEtaInput): number | null {
  const extrapolated = running.filter((r) => r.fraction > 0).map((r) => r.elapsedSeconds / r.fraction);
  const samples = finishedSeconds.length > 0 ? finishedSeconds : extrapolated;
  if (samples.length === 0) return queued === 0 && running.length === 0 ? 0 : null;
  const perRun = samples.reduce((a, b) => a + b, 0) / samples.length;
  const inFlight = running.reduce((s, r) => s + Math.max(0, perRun - r.elapsedSeconds), 0);
  return (inFlight + queued * perRun) / Math.max(1, workers);
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
