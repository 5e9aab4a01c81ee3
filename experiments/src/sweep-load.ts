/**
 * Read a sweep file: YAML → zod validation → checks against the family registry → a normalised Sweep.
 * Every error names the file, the line and the key path ("glue.yaml:12 [methods[1].hyper.lr]: ...").
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { InputError, readUtf8 } from '@peftbench/util';
import { sweepFileSchema, type Aggregation, type HyperLayer } from './sweep-schema.ts';
import { getMethod } from '@peftbench/core';
import { families } from './families.ts';
import { methodNames } from './methods.ts';
import { explainIssues, formatPath, type Problem } from './zod-issues.ts';
import type { DataSource, Family, Protocol } from './run-types.ts';

export interface SweepMethod {
  name: string;
  config: Record<string, unknown>;
  hyper: HyperLayer;
  perTask: Record<string, HyperLayer>;
}

export interface Sweep {
  name: string;
  /** Absolute path of the sweep file (or a description when built in code). */
  file: string;
  description?: string;
  family: Family;
  model: string;
  data: DataSource;
  protocol: Protocol;
  tasks: string[];
  seeds: number[];
  methods: SweepMethod[];
  /** Entries for methods named with --methods that `methods` does not list (sweep-schema.ts `presets`). */
  presets: SweepMethod[];
  hyper: HyperLayer;
  perTask: Record<string, HyperLayer>;
  aggregation: Aggregation;
  report: { tables: string[]; paperModel?: string; notes?: string[] };
  /** Command-line bounds (--max-steps, --train-limit, --eval-limit): merged last, over every layer. */
  override?: HyperLayer;
  /** The run function: a module path and export name (family default unless the sweep overrides it). */
  run: { module: string; exportName: string; prepareExport?: string };
}

export function loadSweepFile(path: string): Sweep {
  const file = resolve(path);
  if (!existsSync(file)) throw new InputError(`${path}: sweep file not found`);
  if (statSync(file).isDirectory()) throw new InputError(`${path}: is a folder; --sweep takes a sweep file (.yaml)`);
  const text = readUtf8(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lines.linePos(e.pos[0]).line;
    throw new InputError(`${path}:${line}: YAML syntax error: ${e.message.split('\n')[0]}`);
  }
  let raw: unknown;
  try {
    // aliases are expanded with a bound (yaml's maxAliasCount): a billion-laughs file is an error, not a hang
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new InputError(`${path}: YAML: ${(err as Error).message.split('\n')[0]} (aliases are limited to 100 expansions)`);
  }
  const parsed = sweepFileSchema.safeParse(raw);
  const place = (p: Problem) => `${path}:${lineOf(doc, lines, p.path)} [${formatPath(p.path) || '(root)'}]: ${p.message}`;
  if (!parsed.success) {
    const problems = explainIssues(parsed.error.issues);
    throw new InputError(problems.slice(0, 8).map(place).join('\n') + (problems.length > 8 ? `\n(${problems.length - 8} more)` : ''));
  }
  const s = parsed.data;
  // a test double (runModule) interprets method configs itself; the family's own run uses the method's schema
  const problems = [...checkAgainstRegistry(s), ...(s.runModule ? [] : checkMethodConfigs(s)), ...checkExtraKeys(s)];
  if (problems.length > 0) throw new InputError(problems.map(place).join('\n'));

  const here = dirname(file);
  if (typeof s.data === 'object' && !existsSync(resolve(here, s.data.folder))) {
    throw new InputError(place({ path: ['data', 'folder'], message: `folder not found: ${resolve(here, s.data.folder)}` }));
  }
  let run: Sweep['run'] = { module: families[s.family].runModule, exportName: families[s.family].runExport, prepareExport: families[s.family].prepareExport };
  if (s.runModule) {
    const [mod, exportName] = s.runModule.split('#');
    run = { module: resolve(here, mod), exportName, prepareExport: s.prepareExport };
  }
  return {
    name: s.name ?? basename(file, extname(file)),
    file,
    description: s.description,
    family: s.family,
    model: s.model,
    data: s.data === 'demo' ? { kind: 'demo' } : s.data === 'hub' ? { kind: 'hub' } : { kind: 'folder', dir: resolve(here, s.data.folder) },
    protocol: s.protocol,
    tasks: s.tasks,
    seeds: s.seeds,
    methods: s.methods.map((m) => (typeof m === 'string' ? { name: m, config: {}, hyper: {}, perTask: {} } : m)),
    presets: s.presets.map((m) => (typeof m === 'string' ? { name: m, config: {}, hyper: {}, perTask: {} } : m)),
    hyper: s.hyper,
    perTask: s.perTask,
    aggregation: s.aggregation === 'mean-std' ? { rule: 'mean-std' } : s.aggregation,
    report: s.report,
    run,
  };
}

type Parsed = ReturnType<typeof sweepFileSchema.parse>;

/** Names the file can get wrong that zod cannot know: tasks, methods, per-task keys, duplicates, k vs seeds. */
export function checkAgainstRegistry(s: Parsed): Problem[] {
  const fam = families[s.family];
  const known = methodNames();
  const problems: Problem[] = [];
  const unknown = (kind: string, name: string, known: readonly string[]) =>
    `unknown ${kind} '${name}' for family ${s.family} (known: ${known.join(', ')})`;
  s.tasks.forEach((t, i) => {
    if (!fam.tasks.includes(t)) problems.push({ path: ['tasks', i], message: unknown('task', t, fam.tasks) });
    if (s.tasks.indexOf(t) !== i) problems.push({ path: ['tasks', i], message: `task '${t}' listed twice` });
  });
  const seen = new Set<string>();
  s.methods.forEach((m, i) => {
    const name = typeof m === 'string' ? m : m.name;
    const path = typeof m === 'string' ? ['methods', i] : ['methods', i, 'name'];
    if (!known.includes(name)) problems.push({ path, message: `unknown method '${name}' (known: ${known.join(', ')}; a method is a package with "peftbench": {"method": true})` });
    // the same method may appear again with another config (ablation rows: RED variants, ID3 budgets, FT^top2)
    const key = `${name} ${JSON.stringify(typeof m === 'string' ? {} : (m.config ?? {}))}`;
    if (seen.has(key)) problems.push({ path, message: `method '${name}' listed twice with the same config` });
    seen.add(key);
    if (typeof m !== 'string') {
      for (const t of Object.keys(m.perTask)) {
        if (!fam.tasks.includes(t)) problems.push({ path: ['methods', i, 'perTask', t], message: unknown('task', t, fam.tasks) });
      }
    }
  });
  for (const t of Object.keys(s.perTask)) {
    if (!fam.tasks.includes(t)) problems.push({ path: ['perTask', t], message: unknown('task', t, fam.tasks) });
  }
  s.seeds.forEach((seed, i) => {
    if (s.seeds.indexOf(seed) !== i) problems.push({ path: ['seeds', i], message: `seed ${seed} listed twice` });
  });
  if (typeof s.aggregation === 'object' && s.aggregation.rule === 'best-k-of-n' && s.aggregation.k > s.seeds.length) {
    problems.push({ path: ['aggregation', 'k'], message: `best ${s.aggregation.k} of n needs at least ${s.aggregation.k} seeds; the file lists ${s.seeds.length}` });
  }
  return problems;
}

/** Every method entry's config through the method's own schema, before any work (one error per bad key). */
export function checkMethodConfigs(s: Parsed): Problem[] {
  const problems: Problem[] = [];
  const known = methodNames();
  for (const key of ['methods', 'presets'] as const) {
    s[key].forEach((m, i) => {
      if (typeof m === 'string' || !known.includes(m.name)) {
        const name = typeof m === 'string' ? m : m.name;
        if (key === 'presets' && !known.includes(name)) problems.push({ path: typeof m === 'string' ? [key, i] : [key, i, 'name'], message: `unknown method '${name}' (known: ${known.join(', ')})` });
        return;
      }
      const r = getMethod(m.name).configSchema.safeParse(m.config ?? {});
      if (!r.success) {
        for (const p of explainIssues(r.error.issues, [key, i, 'config'])) problems.push({ path: p.path, message: `${m.name}: ${p.message}` });
      }
    });
  }
  return problems;
}

/** `extra:` keys must be settings the family reads (families.ts extraSchema); anything else would be ignored. */
export function checkExtraKeys(s: Parsed): Problem[] {
  const allowed = Object.keys(families[s.family].extraSchema.shape);
  const problems: Problem[] = [];
  const check = (layer: { extra?: Record<string, unknown> } | undefined, path: (string | number)[]) => {
    for (const k of Object.keys(layer?.extra ?? {})) {
      if (!allowed.includes(k)) {
        problems.push({ path: [...path, 'extra', k], message: `'${k}' is not a setting of the ${s.family} family, so it would have no effect (${s.family} reads: ${allowed.length ? allowed.join(', ') : 'no extra settings'}; common ones go outside 'extra')` });
      }
    }
  };
  check(s.hyper, ['hyper']);
  for (const [t, layer] of Object.entries(s.perTask)) check(layer, ['perTask', t]);
  s.methods.forEach((m, i) => {
    if (typeof m === 'string') return;
    check(m.hyper, ['methods', i, 'hyper']);
    for (const [t, layer] of Object.entries(m.perTask)) check(layer, ['methods', i, 'perTask', t]);
  });
  return problems;
}

/** 1-based line of the deepest node on `path` that exists in the document (the key itself when missing). */
function lineOf(doc: Document, lines: LineCounter, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}
