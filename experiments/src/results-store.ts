/**
 * The results folder of one sweep: results/<sweep>/<run-id>.json per run, _sweep.json describing the sweep,
 * and a lock so that two invocations never run the same sweep at once. A file that does not parse, does not
 * match the record schema, or whose content does not hash to its name is corrupt: reported, re-run, never counted.
 */
import { readdirSync, readFileSync, existsSync, mkdirSync, openSync, writeSync, closeSync, unlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, writeJsonAtomic } from '@peftbench/util';
import { runRecordSchema, type RunRecord } from './run-record.ts';
import { runId } from './run-id.ts';
import { explainIssues, formatPath } from './zod-issues.ts';

export const SWEEP_META_FILE = '_sweep.json';
const LOCK_FILE = '.lock';

export interface CorruptResult {
  file: string;
  reason: string;
}

export interface ResultScan {
  records: Map<string, RunRecord>;
  corrupt: CorruptResult[];
}

export function recordPath(dir: string, id: string): string {
  return join(dir, `${id}.json`);
}

/** Read one result file; returns the reason it cannot be used instead of throwing. */
export function readRecord(file: string, expectedId: string): RunRecord | { corrupt: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { corrupt: `not valid JSON (${(err as Error).message})` };
  }
  const parsed = runRecordSchema.safeParse(json);
  if (!parsed.success) {
    const p = explainIssues(parsed.error.issues)[0];
    return { corrupt: `[${formatPath(p.path) || '(root)'}] ${p.message}` };
  }
  const rec = parsed.data;
  if (rec.id !== expectedId) return { corrupt: `id '${rec.id}' does not match the file name` };
  const recomputed = runId(rec.spec);
  if (recomputed !== rec.id) return { corrupt: `spec hashes to ${recomputed}, not to its id (edited by hand?)` };
  return rec;
}

export function scanResults(dir: string): ResultScan {
  const records = new Map<string, RunRecord>();
  const corrupt: CorruptResult[] = [];
  if (!existsSync(dir)) return { records, corrupt };
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name.startsWith('_') || name.startsWith('.')) continue;
    const file = join(dir, name);
    const rec = readRecord(file, name.slice(0, -'.json'.length));
    if ('corrupt' in rec) corrupt.push({ file, reason: rec.corrupt });
    else records.set(rec.id, rec);
  }
  return { records, corrupt };
}

export function writeRecord(dir: string, record: RunRecord): string {
  const file = recordPath(dir, record.id);
  writeJsonAtomic(file, record);
  return file;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the sweep's lock (a file holding our pid, created exclusively). A lock whose process is gone — a
 * sweep killed with SIGKILL — is taken over. Returns the release function.
 */
export function acquireLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
        throw new InputError(`${dir}: another sweep (pid ${pid}) is running on these results; wait for it or stop it`);
      }
      unlinkSync(file); // stale: its process is gone
    }
  }
  throw new InputError(`${dir}: could not take the lock ${LOCK_FILE}`);
}

/** Temp files of atomic writes interrupted by a kill (never renamed into place); safe to delete under the lock. */
export function removeStaleTempFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') && name.endsWith('.tmp')) {
      rmSync(join(dir, name), { force: true });
      n++;
    }
  }
  return n;
}
