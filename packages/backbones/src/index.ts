/**
 * Shipped backbones: HF-format folders (config.json, model.safetensors, tokenizer.json, pretraining.json) that the
 * project's own pretraining recipes made, committed so that the main command and CI need no pretraining. A folder
 * is named as the pretraining cache names it (`<recipe>-<hash of recipe + corpus>`), so a recipe run on the same
 * corpus finds its shipped copy; every file's sha256 is in manifest.json and checked before the folder is used.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, writeJsonAtomic } from '@peftbench/util';

export const BACKBONES_DIR = fileURLToPath(new URL('../models/', import.meta.url));
export const MANIFEST_FILE = fileURLToPath(new URL('../manifest.json', import.meta.url));

export interface ShippedBackbone {
  /** Folder name: `<recipe>-<hash>` (the pretraining cache's name). */
  name: string;
  recipe: string;
  /** What it was pretrained on (pretraining.json `corpus`). */
  corpus: string;
  /** sha256 of every file in the folder. */
  sha256: Record<string, string>;
  bytes: number;
  /** From pretraining.json: steps, final loss, wall time and backend of the run that made it. */
  steps?: number;
  finalLoss?: number;
  wallSeconds?: number;
  backend?: string;
}

interface Manifest {
  format: 'peftbench-backbones/1';
  backbones: ShippedBackbone[];
}

export function readManifest(file = MANIFEST_FILE): Manifest {
  if (!existsSync(file)) return { format: 'peftbench-backbones/1', backbones: [] };
  const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (m.format !== 'peftbench-backbones/1' || !Array.isArray(m.backbones)) throw new InputError(`${file} [format]: not a peftbench backbones manifest`);
  return m;
}

export const sha256File = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Problems with a shipped folder against its manifest entry (empty = intact). */
export function checkBackbone(entry: ShippedBackbone, root = BACKBONES_DIR): string[] {
  const dir = join(root, entry.name);
  const problems: string[] = [];
  for (const [file, sha] of Object.entries(entry.sha256)) {
    const path = join(dir, file);
    if (!existsSync(path)) problems.push(`${path}: missing`);
    else if (sha256File(path) !== sha) problems.push(`${path}: sha256 ${sha256File(path).slice(0, 12)}… is not the manifest's ${sha.slice(0, 12)}…`);
  }
  return problems;
}

/**
 * The shipped folder for a pretraining cache name, after checking every file's sha256; undefined when none is
 * shipped. A shipped folder whose files do not match the manifest is an error, never used.
 */
export function shippedBackbone(name: string, opts: { root?: string; manifest?: string } = {}): string | undefined {
  const entry = readManifest(opts.manifest).backbones.find((b) => b.name === name);
  if (!entry) return undefined;
  const problems = checkBackbone(entry, opts.root);
  if (problems.length) throw new InputError(`shipped backbone ${name} is damaged (${problems.join('; ')}); restore it with git checkout, or delete its manifest entry to pretrain it again`);
  return join(opts.root ?? BACKBONES_DIR, name);
}

/** Copy a pretrained folder into the shipped backbones and record its hashes (used by `experiments:pretrain --ship`). */
export function shipBackbone(folder: string, opts: { root?: string; manifest?: string } = {}): ShippedBackbone {
  const name = basename(folder);
  const root = opts.root ?? BACKBONES_DIR;
  const dest = join(root, name);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const sha256: Record<string, string> = {};
  let bytes = 0;
  for (const f of readdirSync(folder).sort()) {
    if (!statSync(join(folder, f)).isFile()) continue;
    copyFileSync(join(folder, f), join(dest, f));
    sha256[f] = sha256File(join(dest, f));
    bytes += statSync(join(dest, f)).size;
  }
  const info = existsSync(join(dest, 'pretraining.json')) ? (JSON.parse(readFileSync(join(dest, 'pretraining.json'), 'utf8')) as Record<string, unknown>) : {};
  const entry: ShippedBackbone = {
    name,
    recipe: String((info.recipe as { name?: string } | undefined)?.name ?? name.replace(/-[0-9a-f]{12}$/, '')),
    corpus: String(info.corpus ?? 'unknown'),
    sha256,
    bytes,
    ...(typeof info.steps === 'number' && { steps: info.steps }),
    ...(typeof info.finalLoss === 'number' && { finalLoss: info.finalLoss }),
    ...(typeof info.wallSeconds === 'number' && { wallSeconds: info.wallSeconds }),
    ...(typeof info.backend === 'string' && { backend: info.backend }),
  };
  const manifest = readManifest(opts.manifest);
  manifest.backbones = [...manifest.backbones.filter((b) => b.name !== name), entry].sort((a, b) => a.name.localeCompare(b.name));
  writeJsonAtomic(opts.manifest ?? MANIFEST_FILE, manifest);
  return entry;
}
