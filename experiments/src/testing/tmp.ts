/** Temporary folders and sweep files for tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function tempDir(prefix = 'peftbench-exp-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Absolute path of the fake run module, for `runModule:` in test sweep files. */
export const fakeRunModule = fileURLToPath(new URL('./fake-run.ts', import.meta.url));

/** A small valid sweep (2 tasks × 2 methods × 2 seeds) running the fake; `extra` lines are appended. */
export function fakeSweepYaml(opts: { name?: string; methodConfig?: string; extra?: string } = {}): string {
  return `name: ${opts.name ?? 'fake'}
family: glue
model: pretrain:tiny-roberta
data: demo
protocol: dev
tasks: [rte, mrpc]
seeds: [1, 2]
hyper: {learningRate: 1.0e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0.06, weightDecay: 0}
methods:
  - name: lora
    config: {r: 4${opts.methodConfig ? `, ${opts.methodConfig}` : ''}}
  - name: red
    config: {${opts.methodConfig ?? ''}}
runModule: ${fakeRunModule}#fakeRun
${opts.extra ?? ''}`;
}
