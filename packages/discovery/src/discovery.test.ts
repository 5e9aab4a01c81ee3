import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokenMethodPackages, findMethodPackages, importMethodPackage, loadMethods } from './index.ts';

/** A workspace with a root package.json listing `packages/methods/*`, and method packages in it. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'peftbench-discovery-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ws', workspaces: ['packages/methods/*', 'other'] }));
  mkdirSync(join(root, 'packages', 'methods'), { recursive: true });
  return root;
}

const methodSource = (name: string, extra = '') => `
import { z } from 'zod';
export const method = { name: '${name}', summary: 's', configSchema: z.object({}).strict(), apply() { return {}; }, countTrainable() { return 0; }${extra} };
`;

function addPackage(dir: string, pkg: Record<string, unknown>, source?: string): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', exports: { '.': './src/index.ts' }, ...pkg }));
  if (source !== undefined) writeFileSync(join(dir, 'src', 'index.ts'), source);
}

describe('method discovery', () => {
  test('finds packages that declare themselves, in the workspace and in node_modules, each once', () => {
    const root = workspace();
    addPackage(join(root, 'packages/methods/alpha'), { name: '@x/method-alpha', peftbench: { method: true } }, methodSource('alpha'));
    addPackage(join(root, 'packages/methods/not-a-method'), { name: '@x/helper' }, 'export const x = 1;');
    // a user's installed package, and the workspace package linked into node_modules as npm does
    addPackage(join(root, 'node_modules/my-peft'), { name: 'my-peft', peftbench: { method: true } }, methodSource('mine'));
    mkdirSync(join(root, 'node_modules/@x'), { recursive: true });
    symlinkSync(join(root, 'packages/methods/alpha'), join(root, 'node_modules/@x/method-alpha'));
    // a deleted workspace package leaves a dangling link behind: skipped
    symlinkSync(join(root, 'packages/methods/deleted'), join(root, 'node_modules/@x/method-deleted'));
    const found = findMethodPackages(root).map((p) => p.packageName);
    expect(found).toEqual(['@x/method-alpha', 'my-peft']);
    rmSync(root, { recursive: true, force: true });
  });

  test('a package that declares itself but exports no PeftMethod is an error naming its entry', async () => {
    const root = workspace();
    const dir = join(root, 'packages/methods/empty');
    addPackage(dir, { name: '@x/method-empty', peftbench: { method: true } }, 'export const nothing = 1;');
    const [p] = findMethodPackages(root);
    await expect(importMethodPackage(p)).rejects.toThrow(/empty\/src\/index\.ts: package @x\/method-empty declares .*but does not export/);
    rmSync(root, { recursive: true, force: true });
  });

  test('a package may export several methods (`methods`), and a missing entry file is named', async () => {
    const root = workspace();
    const dir = join(root, 'packages/methods/multi');
    addPackage(dir, { name: '@x/method-multi', peftbench: { method: true } }, `${methodSource('one')}\nexport const methods = [{ ...method, name: 'two' }];`);
    addPackage(join(root, 'packages/methods/broken'), { name: '@x/method-broken', peftbench: { method: true } });
    const [broken, multi] = findMethodPackages(root);
    expect((await importMethodPackage(multi)).map((m) => m.name)).toEqual(['one', 'two']);
    await expect(importMethodPackage(broken)).rejects.toThrow(/broken\/package\.json \[exports\]: entry .* does not exist/);
    rmSync(root, { recursive: true, force: true });
  });

  test("this repository's methods load, ordered for tables, with labels", async () => {
    const methods = await loadMethods();
    const names = methods.map((m) => m.name);
    const at = ['full-ft', 'bitfit', 'lora', 'red'].map((n) => names.indexOf(n));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at); // table order: FT first, then by `order`
    for (const m of methods) expect(typeof m.countTrainable).toBe('function');
    expect(methods.find((m) => m.name === 'lora')?.label).toBe('LoRA');
  });
});

describe('a broken method package', () => {
  test('is left out with its reason; the others load', async () => {
    const root = workspace();
    addPackage(join(root, 'packages/methods/good'), { name: '@x/method-good', peftbench: { method: true } }, methodSource('good'));
    addPackage(join(root, 'packages/methods/half'), { name: '@x/method-half', peftbench: { method: true } }, 'export const method = {');
    const names = (await loadMethods(root)).map((m) => m.name);
    expect(names).toEqual(['good']);
    expect(brokenMethodPackages(root).map((b) => b.packageName)).toEqual(['@x/method-half']);
    rmSync(root, { recursive: true, force: true });
  });
});
