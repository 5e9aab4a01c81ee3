import { mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/**
 * Write a file so that readers never see it half-written: write a sibling temp file, then rename
 * (rename is atomic within one filesystem). The temp file is removed if the write fails.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    // "ENOSPC: no space left on device, write" names no file: say which one (the code stays for callers)
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e.message === 'string' && !e.message.includes(dirname(path))) e.message = `${e.message} '${path}'`;
    throw err;
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}
