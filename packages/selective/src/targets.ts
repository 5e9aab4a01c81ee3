/**
 * Which tensors a selective method chooses entries from: the base model's weights, or the weights of a
 * module added for the purpose (LoRA, Pfeiffer adapter), narrowed by include / exclude patterns.
 */
import { InputError } from '@peftbench/util';
import type { Parameter, PreTrainedModel } from '@peftbench/core';
import type { SelectiveConfig } from './config.ts';

export function filterTargets(candidates: Parameter[], cfg: Pick<SelectiveConfig, 'include' | 'exclude'>, source: string): Parameter[] {
  const re = (key: 'include' | 'exclude') => {
    const s = cfg[key];
    if (s === undefined) return undefined;
    try {
      return new RegExp(s);
    } catch (err) {
      throw new InputError(`${source} [${key}]: not a regular expression (${(err as Error).message})`);
    }
  };
  const inc = re('include');
  const exc = re('exclude');
  const out = candidates.filter((p) => (!inc || inc.test(p.name)) && !(exc && exc.test(p.name)));
  if (out.length === 0) throw new InputError(`${source} [include]: no target tensor matches (of ${candidates.length} candidates)`);
  return out;
}

/** The base model's own weights (owner 'base'), in registry order. */
export function baseTargets(model: PreTrainedModel): Parameter[] {
  return model.params.all().filter((p) => p.owner === 'base');
}
