/**
 * `nx g @peftbench/tools:method <name>` end to end, in a temporary workspace that shares this repo's node_modules:
 * the generated package's own tests pass, discovery finds it, a GLUE sweep trains it through the experiments
 * CLI with no other file edited, and deleting the folder removes it.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '@peftbench/util';
import { findMethodPackages } from '@peftbench/discovery';

const require = createRequire(import.meta.url);
const generator = require('./generator.cjs') as (tree: unknown, o: Record<string, unknown>) => unknown;

/** The part of nx's Tree the generator uses, writing straight to disk. */
function diskTree(root: string) {
  return {
    root,
    exists: (p: string) => existsSync(join(root, p)),
    write: (p: string, content: string) => {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), content);
    },
  };
}

const ws = mkdtempSync(join(tmpdir(), 'peftbench-gen-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));
writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'ws', private: true, workspaces: ['packages/methods/*'] }));
symlinkSync(join(repoRoot, 'node_modules'), join(ws, 'node_modules'));
const pkgDir = join(ws, 'packages/methods/demo-scale');
const env = { ...process.env, PEFTBENCH_METHODS_PATH: join(ws, 'packages/methods'), PEFTBENCH_CACHE: join(ws, 'cache'), PEFTBENCH_WASM_THREADS: '1' };

describe('nx g @peftbench/tools:method', () => {
  test('writes the package; a bad or taken name is refused', () => {
    expect(() => generator(diskTree(ws), { name: 'Bad_Name', skipInstall: true })).toThrow(/lowercase letters, digits and dashes/);
    generator(diskTree(ws), { name: 'demo-scale', label: 'Demo scale', skipInstall: true });
    expect(readdirSync(join(pkgDir, 'src')).sort()).toEqual(['apply.ts', 'config.ts', 'count.ts', 'demo-scale.test.ts', 'index.ts']);
    expect(JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).peftbench).toEqual({ method: true });
    expect(() => generator(diskTree(ws), { name: 'demo-scale', skipInstall: true })).toThrow(/exists already/);
  });

  test("the generated package's own tests pass (count = countTrainable, identity start, adapter round trip)", () => {
    const r = spawnSync(join(repoRoot, 'node_modules/.bin/vitest'), ['run'], { cwd: pkgDir, encoding: 'utf8', env });
    expect(r.stdout + r.stderr).toMatch(/3 passed/);
    expect(r.status).toBe(0);
  });

  test('discovery finds it, the GLUE CLI trains it, and deleting the folder removes it', () => {
    process.env.PEFTBENCH_METHODS_PATH = env.PEFTBENCH_METHODS_PATH;
    try {
      expect(findMethodPackages().map((p) => p.packageName)).toContain('@peftbench/method-demo-scale');
    } finally {
      delete process.env.PEFTBENCH_METHODS_PATH;
    }
    const sweep = join(ws, 'micro.yaml');
    writeFileSync(sweep, [
      'name: micro', 'family: glue', 'model: pretrain:micro-roberta', 'data: demo', 'protocol: dev', 'tasks: [sst2]', 'seeds: [1]',
      'hyper: {learningRate: 0.01, batchSize: 8, epochs: 1, maxSteps: 3, maxLength: 32, warmupRatio: 0, weightDecay: 0, trainLimit: 48, evalLimit: 24}',
      'methods: [lora]',
    ].join('\n'));
    const cli = join(repoRoot, 'experiments/src/cli.ts');
    const args = ['--import', 'tsx', cli, 'glue', '--sweep', sweep, '--methods', 'demo-scale', '--results', join(ws, 'results'), '--reports', join(ws, 'reports'), '--no-report'];
    const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', env });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const files = readdirSync(join(ws, 'results/micro')).filter((f) => f.endsWith('.json') && !f.startsWith('_'));
    expect(files).toHaveLength(1);
    const rec = JSON.parse(readFileSync(join(ws, 'results/micro', files[0]), 'utf8'));
    expect([rec.spec.method, rec.result.status]).toEqual(['demo-scale', 'ok']);
    expect(rec.result.trainableParams).toBe(1 * 32 + 32 * 32 + 32 + 32 * 2 + 2); // one layer's scale vector + RoBERTa head (micro-roberta: d 32)

    rmSync(pkgDir, { recursive: true, force: true });
    const gone = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', env });
    expect(gone.status).not.toBe(0);
    expect(gone.stderr).toMatch(/--methods: unknown method 'demo-scale'/);
  });
});
