/**
 * Method discovery: a PEFT method is a package whose package.json says `"peftbench": { "method": true }` and
 * whose main export has `method: PeftMethod` (or `methods: PeftMethod[]` for a package with several rows, e.g.
 * adapter placements). Found in this workspace (the root package.json's `workspaces`) and in node_modules (a
 * user's `npm i my-peft-method`), so adding a method is adding a package and removing it is deleting the folder.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerMethod, type PeftMethod } from '@peftbench/core';
import { InputError, repoRoot } from '@peftbench/util';

export interface MethodPackage {
  /** npm package name, e.g. `@peftbench/method-lora`. */
  packageName: string;
  dir: string;
  /** Entry module (package.json `exports['.']`, else `main`, else src/index.ts). */
  entry: string;
}

function readJson(file: string): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

/** Folders named by the root package.json's `workspaces` (entries `a/b` or `a/*`). */
function workspaceDirs(root: string): string[] {
  const pkgFile = join(root, 'package.json');
  if (!existsSync(pkgFile)) return [];
  const patterns: string[] = readJson(pkgFile).workspaces ?? [];
  return patterns.flatMap((p) => {
    if (!p.endsWith('/*')) return [join(root, p)];
    const parent = join(root, p.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent).map((d) => join(parent, d)) : [];
  });
}

/** Package folders in node_modules (`x` and `@scope/x`); dangling workspace links (a deleted method) are skipped. */
function nodeModulesDirs(root: string): string[] {
  const nm = join(root, 'node_modules');
  if (!existsSync(nm)) return [];
  const out: string[] = [];
  for (const name of readdirSync(nm)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) for (const sub of safeReaddir(join(nm, name))) out.push(join(nm, name, sub));
    else out.push(join(nm, name));
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function entryOf(dir: string, pkg: any): string {
  const exp = pkg.exports;
  const main = typeof exp === 'string' ? exp : typeof exp?.['.'] === 'string' ? exp['.'] : exp?.['.']?.import ?? exp?.['.']?.default ?? pkg.main ?? 'src/index.ts';
  return resolve(dir, main);
}

/**
 * PEFTBENCH_METHODS_PATH: extra folders (separated by ':'), each a method package or a folder of them — a
 * method tried from anywhere without adding it to the workspace.
 */
function extraDirs(): string[] {
  const value = process.env.PEFTBENCH_METHODS_PATH;
  if (!value) return [];
  return value.split(':').filter(Boolean).flatMap((d) => {
    const dir = resolve(d);
    if (!existsSync(dir)) throw new InputError(`PEFTBENCH_METHODS_PATH: folder ${dir} does not exist`);
    return existsSync(join(dir, 'package.json')) ? [dir] : safeReaddir(dir).map((x) => join(dir, x));
  });
}

/** Every method package visible from `root` (default: this repository), each once, sorted by package name. */
export function findMethodPackages(root: string = repoRoot): MethodPackage[] {
  const byReal = new Map<string, MethodPackage>();
  for (const dir of [...workspaceDirs(root), ...nodeModulesDirs(root), ...extraDirs()]) {
    const pkgFile = join(dir, 'package.json');
    let real: string;
    try {
      if (!statSync(dir).isDirectory() || !existsSync(pkgFile)) continue;
      real = realpathSync(dir);
    } catch {
      continue; // a dangling link left by a deleted workspace package
    }
    if (byReal.has(real)) continue;
    const pkg = readJson(pkgFile);
    if (pkg?.peftbench?.method !== true) continue;
    byReal.set(real, { packageName: String(pkg.name), dir: real, entry: entryOf(real, pkg) });
  }
  return [...byReal.values()].sort((a, b) => a.packageName.localeCompare(b.packageName));
}

function isPeftMethod(m: any): m is PeftMethod {
  return m && typeof m.name === 'string' && typeof m.apply === 'function' && typeof m.countTrainable === 'function' && m.configSchema;
}

/** Import one package and return the methods it exports; a package that declares itself but exports none is an error. */
export async function importMethodPackage(p: MethodPackage): Promise<PeftMethod[]> {
  if (!existsSync(p.entry)) throw new InputError(`${p.dir}/package.json [exports]: entry ${p.entry} does not exist`);
  const mod = await import(pathToFileURL(p.entry).href);
  const found: unknown[] = [...(mod.method ? [mod.method] : []), ...(Array.isArray(mod.methods) ? mod.methods : [])];
  const bad = found.filter((m) => !isPeftMethod(m));
  if (found.length === 0 || bad.length > 0) {
    throw new InputError(`${p.entry}: package ${p.packageName} declares "peftbench": {"method": true} but does not export \`method: PeftMethod\` or \`methods: PeftMethod[]\` (name, configSchema, apply, countTrainable)`);
  }
  return found as PeftMethod[];
}

/** Table order: `order` (default 100), then name. */
export function byTableOrder(a: PeftMethod, b: PeftMethod): number {
  return (a.order ?? 100) - (b.order ?? 100) || a.name.localeCompare(b.name);
}

type Broken = { packageName: string; dir: string; reason: string };
const loaded = new Map<string, Promise<PeftMethod[]>>();
const broken = new Map<string, Broken[]>();

/**
 * Import every method package once per process and register its methods with core's registry. A package that
 * cannot be imported (half-written, a syntax error) is left out with a one-line warning on stderr and listed by
 * `brokenMethodPackages()`, so one broken method does not stop runs of the others. Two packages exporting the
 * same method name is an error naming both.
 */
export function loadMethods(root: string = repoRoot): Promise<PeftMethod[]> {
  const cached = loaded.get(root);
  if (cached) return cached;
  const left: Broken[] = [];
  broken.set(root, left);
  const promise = (async () => {
    const owner = new Map<string, string>();
    const all: PeftMethod[] = [];
    for (const p of findMethodPackages(root)) {
      let methods: PeftMethod[];
      try {
        methods = await importMethodPackage(p);
      } catch (err) {
        const reason = (err as Error).message.split('\n')[0];
        left.push({ packageName: p.packageName, dir: p.dir, reason });
        console.error(`peftbench: method package ${p.packageName} left out: ${reason}`);
        continue;
      }
      for (const m of methods) {
        const prev = owner.get(m.name);
        if (prev) throw new InputError(`method '${m.name}' is exported by two packages: ${prev} and ${p.packageName}`);
        owner.set(m.name, p.packageName);
        registerMethod(m);
        all.push(m);
      }
    }
    return all.sort(byTableOrder);
  })();
  loaded.set(root, promise);
  return promise;
}

/** Method packages that declared themselves but could not be imported (after loadMethods). */
export function brokenMethodPackages(root: string = repoRoot): readonly Broken[] {
  return broken.get(root) ?? [];
}
