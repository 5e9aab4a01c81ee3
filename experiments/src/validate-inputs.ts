/**
 * Before any work (pretraining, workers, result files): read the sweep's data folder with the same loaders the
 * runs use (the checks `peftbench data inspect` makes) and the config.json / tokenizer.json of a local model
 * folder, and collect every problem, each naming its file and place. Without this, a bad row in train.tsv was
 * found only after pretraining on the folder (whose pretraining reads it with bad rows skipped).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@peftbench/util';
import { loadConll, loadGlue } from '@peftbench/datasets';
import { readHfConfig } from '@peftbench/core';
import type { Sweep } from './sweep-load.ts';

async function problemOf(check: () => unknown): Promise<string | null> {
  try {
    await check();
    return null;
  } catch (err) {
    if (err instanceof InputError) return err.message;
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return (err as Error).message;
    throw err;
  }
}

/** Every problem with the sweep's data folder and local model folder (empty: all readable). */
export async function sweepInputProblems(sweep: Sweep): Promise<string[]> {
  const checks: (() => unknown)[] = [];
  if (sweep.data.kind === 'folder') {
    const dir = sweep.data.dir;
    if (sweep.family === 'glue') for (const task of sweep.tasks) checks.push(() => loadGlue(task, { source: { kind: 'folder', dir } }));
    if (sweep.family === 'conll') checks.push(() => loadConll({ source: { kind: 'folder', dir } }));
    if (sweep.family === 'e2e') {
      checks.push(async () => {
        const { loadE2eSource, e2eRunSplits } = await import('./data/e2e-data.ts');
        e2eRunSplits(await loadE2eSource({ kind: 'folder', dir }), dir);
      });
    }
    if (sweep.family === 'math') checks.push(async () => (await import('./data/math-data.ts')).mathSplitsFor({ kind: 'folder', dir }));
  }
  if (sweep.model.startsWith('local:')) {
    const dir = sweep.model.slice('local:'.length);
    checks.push(async () => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`${dir}: model folder not found`);
      readHfConfig(join(dir, 'config.json'));
      if (!existsSync(join(dir, 'model.safetensors'))) throw new InputError(`${join(dir, 'model.safetensors')}: missing (a model folder needs config.json and model.safetensors)`);
      if (existsSync(join(dir, 'tokenizer.json'))) await (await import('@peftbench/tokenizers')).loadTokenizer(dir);
    });
  }
  const problems: string[] = [];
  for (const check of checks) {
    const p = await problemOf(check);
    if (p) problems.push(p);
  }
  return problems;
}
