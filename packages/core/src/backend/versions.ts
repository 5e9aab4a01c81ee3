import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Installed version of an npm package (read from its package.json), or undefined when it is not installed. */
export function packageVersion(pkg: string): string | undefined {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}
