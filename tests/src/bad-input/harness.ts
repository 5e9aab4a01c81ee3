/**
 * The bad-input suite's table format and checks. A case is in-process (a function that must throw an
 * InputError) or a command (spawned CLI that must exit non-zero). Every case asserts the same four things:
 * it fails, the message names the file and the place, no stack trace, nothing written.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { InputError, repoRoot } from '@peftbench/util';

export interface Expectation {
  /** Substrings the message must contain: the file, and the place (line, key, tensor, flag). */
  names: (string | RegExp)[];
}

/** The error message of `fn`, which must throw an InputError (sync or async). */
export async function inputErrorOf(fn: () => unknown): Promise<string> {
  let thrown: unknown;
  try {
    await fn();
  } catch (err) {
    thrown = err;
  }
  if (thrown === undefined) throw new Error('expected an InputError, but nothing was thrown');
  if (!(thrown instanceof InputError)) {
    throw new Error(`expected an InputError, got ${(thrown as Error)?.name ?? typeof thrown}: ${(thrown as Error)?.message ?? String(thrown)}`);
  }
  return thrown.message;
}

export function expectNames(message: string, names: (string | RegExp)[]): void {
  for (const n of names) {
    if (typeof n === 'string') expect(message, `message should name ${JSON.stringify(n)}`).toContain(n);
    else expect(message, `message should match ${n}`).toMatch(n);
  }
}

/** A stack trace line ("    at f (file:1:2)") or Node's internal error banner. */
export function expectNoStack(text: string): void {
  expect(text, 'no stack trace').not.toMatch(/^\s+at .+/m);
  expect(text, 'no Node error banner').not.toMatch(/node:internal|^\s*\^\s*$/m);
}

/** Every file under `dir` with its size and mtime, to check that a failed command wrote nothing. */
export function snapshot(...dirs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        out.set(`${p}/`, 'dir');
        walk(p);
      } else out.set(p, `${st.size}:${st.mtimeMs}`);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

export function expectUnchanged(before: Map<string, string>, after: Map<string, string>, what: string): void {
  const added = [...after.keys()].filter((k) => !before.has(k));
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  expect({ added, changed, removed }, `${what}: nothing written`).toEqual({ added: [], changed: [], removed: [] });
}

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawn `node --import tsx <script> ...args` asynchronously (several cases run at once). */
export function runTs(script: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, FORCE_COLOR: '0', PEFTBENCH_WASM_THREADS: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 240_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** Run async jobs with at most `n` at a time, keeping their order. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]);
  }));
  return out;
}

export const rel = (p: string) => relative(repoRoot, p);
export const script = (p: string) => join(repoRoot, p);
