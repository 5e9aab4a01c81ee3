import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding nx.json). */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('peftbench: cannot find the repository root (nx.json)');
    dir = up;
  }
  return dir;
})();

/** ../shared beside the repository: real data and fixtures; absent on some machines. */
export const sharedDir: string = process.env.PEFTBENCH_SHARED ?? resolve(repoRoot, '..', 'shared');

export function hasShared(sub = ''): boolean {
  return existsSync(join(sharedDir, sub));
}

/** Cache for hub downloads and pretrained tiny models: PEFTBENCH_CACHE, default ~/.cache/peftbench. */
export function cacheDir(): string {
  return process.env.PEFTBENCH_CACHE ?? join(homedir(), '.cache', 'peftbench');
}
