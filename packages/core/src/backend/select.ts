import { InputError } from '@peftbench/util';
import type { BackendName } from './names.ts';

/** Loads one backend and makes it current; throws (with the reason) when it cannot. */
export type BackendLoader = (name: BackendName) => Promise<void>;

export interface Picked {
  name: BackendName;
  /** Faster backends that were tried first and why each was skipped. */
  skipped: Partial<Record<BackendName, string>>;
}

/**
 * Try `candidates` in order and keep the first that loads. A forced backend (a single candidate named by
 * the caller or the environment) that fails is an error saying why, never a silent fallback.
 */
export async function pickBackend(
  candidates: readonly BackendName[],
  load: BackendLoader,
  forcedBy?: string,
): Promise<Picked> {
  const skipped: Picked['skipped'] = {};
  for (const name of candidates) {
    try {
      await load(name);
      return { name, skipped };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      // the user asked for a backend this machine cannot give: one line (an InputError prints without a stack)
      if (forcedBy) throw new InputError(`backend '${name}' was forced by ${forcedBy} but cannot load: ${reason.split('\n')[0]}`);
      skipped[name] = reason;
    }
  }
  throw new Error(`no tfjs backend could load: ${JSON.stringify(skipped)}`);
}
