import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gitBlobOid, sha256Hex } from '../git-oid.ts';

/** What the hub knows about one file of a repo. */
export interface FileFacts {
  path: string;
  abs: string;
  size: number;
  /** git blob sha1 of the content (the hub's `oid` for files kept in git). */
  gitOid: string;
  sha256: string;
  /** Stored with Git LFS on the real hub: then `oid` is the pointer file's id and `lfs.oid` the content sha256. */
  lfs: boolean;
}

/**
 * The extensions the hub's default .gitattributes sends to LFS, plus its rule that files of 10 MiB or
 * more must be LFS. Decides which files the loopback hub serves as LFS (redirect + X-Linked-* headers).
 */
const LFS_EXTENSIONS = new Set([
  'safetensors', 'bin', 'parquet', 'arrow', 'pt', 'pth', 'ckpt', 'h5', 'onnx', 'msgpack', 'model',
  'npy', 'npz', 'pb', 'tflite', 'ot', 'gz', 'zip', 'tar', 'zst', 'xz', '7z', 'pkl', 'pickle', 'joblib',
]);
const LFS_MIN_SIZE = 10 * 1024 * 1024;

const memo = new Map<string, { key: string; facts: FileFacts }>();

/** Facts about `path` inside `dir`, or undefined when it is not a regular file there. Hashes are memoised per (mtime, size). */
export function fileFacts(dir: string, path: string): FileFacts | undefined {
  const abs = join(dir, ...path.split('/'));
  if (relative(dir, abs).split(sep).includes('..')) return undefined;
  let st;
  try {
    st = statSync(abs);
  } catch {
    return undefined;
  }
  if (!st.isFile()) return undefined;
  const key = `${st.mtimeMs}:${st.size}`;
  const hit = memo.get(abs);
  if (hit && hit.key === key) return hit.facts;
  const content = readFileSync(abs);
  const ext = path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '';
  const facts: FileFacts = {
    path, abs, size: content.byteLength, gitOid: gitBlobOid(content), sha256: sha256Hex(content),
    lfs: LFS_EXTENSIONS.has(ext) || content.byteLength >= LFS_MIN_SIZE,
  };
  memo.set(abs, { key, facts });
  return facts;
}

/** Repo-relative paths of every regular file under `dir` (hidden files included, as in a git tree), sorted. */
export function listRepoTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const ent of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${ent.name}` : ent.name;
      if (ent.isDirectory()) {
        if (ent.name !== '.git') walk(rel);
      } else if (ent.isFile()) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** Size of the LFS pointer file git would store for this content (the hub reports it as lfs.pointerSize). */
export function lfsPointerSize(facts: FileFacts): number {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${facts.sha256}\nsize ${facts.size}\n`.length;
}

/** The git blob id of that pointer file: the hub's `oid` for an LFS file. */
export function lfsPointerOid(facts: FileFacts): string {
  return gitBlobOid(Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${facts.sha256}\nsize ${facts.size}\n`));
}
