/**
 * Sweep progress for people: on a TTY a live block (done / running / failed, and each running run's step,
 * loss and ETA) redrawn in place; otherwise plain lines (start, quarter-way marks, end of each run) that read
 * well in CI logs and files.
 */
import type { RunRecord } from './run-record.ts';
import type { RunProgress, RunSpec } from './run-types.ts';
import type { SweepEvent } from './runner.ts';
import { formatDuration, runEta, sweepEta } from './eta.ts';

interface Running {
  spec: RunSpec;
  startedAt: number;
  progress?: RunProgress;
}

export interface ProgressDisplay {
  onEvent: (event: SweepEvent) => void;
  /** Stop redrawing (leaves the last frame on screen). */
  stop: () => void;
}

const label = (spec: RunSpec) => `${spec.task}/${spec.method} s${spec.seed}`;

/** The split the selected checkpoint was chosen on (the number a progress line shows). */
export const selectionSplit = (spec: Pick<RunSpec, 'protocol'>) => (spec.protocol === 'red-split' ? 'validation-half' : 'dev');

/** Metrics as the tables print them: fractions ×100 (accuracy 71.23), losses as they are. */
export function formatMetric(metric: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'NaN';
  return /loss/i.test(metric) ? value.toFixed(4) : (value * 100).toFixed(2);
}

function describeEnd(record: RunRecord, seconds: number): string {
  const r = record.result;
  if (r.status === 'failed') return `FAILED ${label(record.spec)} after ${formatDuration(seconds)}: ${(r.message ?? '').split('\n')[0]}`;
  const best = r.best ? `${selectionSplit(record.spec)} ${r.best.metric} ${formatMetric(r.best.metric, r.best.value)} at step ${r.best.step}` : 'no evaluation';
  return `${r.status === 'ok' ? 'ok' : 'DIVERGED'} ${label(record.spec)}: ${best} in ${formatDuration(seconds)}${r.status === 'diverged' && r.message ? ` (${r.message})` : ''}`;
}

export function createProgressDisplay(out: NodeJS.WriteStream | { write: (s: string) => unknown; isTTY?: boolean }, now: () => number = Date.now): ProgressDisplay {
  const tty = Boolean(out.isTTY);
  const running = new Map<number, Running>();
  const finishedSeconds: number[] = [];
  let total = 0, done = 0, failed = 0, diverged = 0, queued = 0, workers = 1, name = '';
  let drawnLines = 0;
  let timer: NodeJS.Timeout | null = null;
  const marks = new Map<number, { phase: string; quarter: number }>(); // slot → last quarter printed (plain mode)
  let preparing: { startedAt: number; progress?: RunProgress; quarter: number } | null = null;

  const prepareLine = () => {
    const p = preparing?.progress;
    if (!preparing || !p) return '  preparing…';
    const elapsed = (now() - preparing.startedAt) / 1000;
    const loss = p.loss === undefined ? '' : `  loss ${Number.isFinite(p.loss) ? p.loss.toFixed(4) : 'NaN'}`;
    return `  preparing: ${p.phase} step ${p.step}/${p.totalSteps}${loss}  ETA ${formatDuration(runEta(p.step, p.totalSteps, elapsed))}`;
  };

  const status = () => {
    const eta = sweepEta({
      queued,
      running: [...running.values()].map((r) => ({ fraction: r.progress ? r.progress.step / Math.max(1, r.progress.totalSteps) : 0, elapsedSeconds: (now() - r.startedAt) / 1000 })),
      finishedSeconds,
      workers,
    });
    return `${name}: ${done}/${total} done · ${running.size} running · ${failed} failed · ${diverged} diverged · ETA ${formatDuration(eta)}`;
  };

  const runLine = (slot: number, r: Running) => {
    const p = r.progress;
    const elapsed = (now() - r.startedAt) / 1000;
    if (!p) return `  [${slot + 1}] ${label(r.spec)}  starting (${formatDuration(elapsed)})`;
    const loss = p.loss === undefined ? '' : `  loss ${Number.isFinite(p.loss) ? p.loss.toFixed(4) : 'NaN'}`;
    return `  [${slot + 1}] ${label(r.spec)}  ${p.phase} step ${p.step}/${p.totalSteps}${loss}  ETA ${formatDuration(runEta(p.step, p.totalSteps, elapsed))}`;
  };

  const redraw = () => {
    // a wrapped line would break the cursor-up count: cut lines to the terminal width
    const width = (out as { columns?: number }).columns;
    const fit = (l: string) => (width && l.length >= width ? l.slice(0, width - 1) : l);
    const lines = [status(), ...(preparing ? [prepareLine()] : []), ...[...running.entries()].sort(([a], [b]) => a - b).map(([slot, r]) => runLine(slot, r))].map(fit);
    // move to the top of the previous frame, clear it, draw the new one
    out.write((drawnLines > 0 ? `\x1b[${drawnLines}F` : '') + '\x1b[0J' + lines.join('\n') + '\n');
    drawnLines = lines.length;
  };

  /** Print a line above the live block (TTY) or plainly. */
  const say = (line: string, keepBlock = true) => {
    if (tty) {
      out.write((drawnLines > 0 ? `\x1b[${drawnLines}F` : '') + '\x1b[0J' + line + '\n');
      drawnLines = 0;
      if (keepBlock) redraw();
    } else out.write(line + '\n');
  };

  const onEvent = (e: SweepEvent) => {
    switch (e.type) {
      case 'start': {
        name = e.sweep; total = e.total; done = e.skipped; queued = e.toRun; workers = e.workers;
        for (const c of e.corrupt) say(`corrupt result ${c.file}: ${c.reason} — not counted, will run again`);
        say(`sweep ${e.sweep}: ${e.total} runs, ${e.skipped} already done, ${e.toRun} to run${e.retrying ? ` (${e.retrying} failed before, retrying)` : ''} on ${e.workers} worker${e.workers > 1 ? 's' : ''} → ${e.dir}`);
        if (e.toRun > 0) say('each finished run shows its selected checkpoint: the selection split (dev, or the validation half under red-split) and its metric ×100 as in the tables (losses as they are)');
        if (tty && !timer) timer = setInterval(redraw, 200);
        break;
      }
      case 'prepare-start':
        preparing = { startedAt: now(), quarter: 0 };
        say(`preparing ${e.runs} run(s) (shared work such as pretraining, done once)`);
        break;
      case 'prepare-progress':
        if (preparing) {
          const p = e.progress;
          preparing.progress = p;
          const quarter = p.totalSteps > 0 ? Math.floor((4 * p.step) / p.totalSteps) : 0;
          if (!tty && quarter > preparing.quarter && quarter < 4) {
            preparing.quarter = quarter;
            say(prepareLine());
          }
        }
        break;
      case 'prepare-end':
        preparing = null;
        if (e.seconds >= 1) say(`prepared in ${formatDuration(e.seconds)}`);
        break;
      case 'run-start':
        queued = Math.max(0, queued - 1);
        running.set(e.slot, { spec: e.spec, startedAt: now() });
        marks.set(e.slot, { phase: '', quarter: 0 });
        if (!tty) say(`start ${label(e.spec)} (${e.spec.id})`);
        break;
      case 'run-progress': {
        const r = running.get(e.slot);
        if (r) r.progress = e.progress;
        if (!tty && r && e.progress.totalSteps > 0) {
          const quarter = Math.floor((4 * e.progress.step) / e.progress.totalSteps);
          const last = marks.get(e.slot);
          // quarters count per phase: a run that pretrains first reports its training quarters too
          const since = last && last.phase === e.progress.phase ? last.quarter : 0;
          if (quarter > since && quarter < 4) {
            marks.set(e.slot, { phase: e.progress.phase, quarter });
            say(runLine(e.slot, r).trimStart());
          }
        }
        break;
      }
      case 'run-end': {
        const r = running.get(e.slot);
        running.delete(e.slot);
        const seconds = r ? (now() - r.startedAt) / 1000 : e.record.runnerWallSeconds;
        finishedSeconds.push(seconds);
        done++;
        if (e.record.result.status === 'failed') failed++;
        if (e.record.result.status === 'diverged') diverged++;
        say(`[${done}/${total}] ${describeEnd(e.record, seconds)}`);
        break;
      }
      case 'end': {
        if (timer) clearInterval(timer);
        timer = null;
        const s = e.summary;
        say(`${s.interrupted ? 'interrupted' : 'finished'} ${s.sweep}: ${s.records.length}/${s.total} runs have results (${s.ok} ok, ${s.diverged} diverged, ${s.failed} failed); ran ${s.ran} now, ${s.skipped} were done${s.interrupted ? ' — run the same command again to resume' : ''}`, false);
        break;
      }
    }
  };
  return {
    onEvent,
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
