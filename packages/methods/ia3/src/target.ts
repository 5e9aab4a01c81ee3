/** Which Linears get an (IA)3 vector, and which of them scale their input (HF PEFT IA3Model's rules). */
import { hfNameMatcher } from '@peftbench/method-lora';
import { InputError } from '@peftbench/util';
import { IA3_DEFAULTS, type Ia3Config } from './config.ts';

export const IA3_SOURCE = "method 'ia3' config";

export interface Ia3Target {
  /** HF module name, e.g. `roberta.encoder.layer.0.attention.self.key`. */
  module: string;
  /** true: the vector scales the input ([1, in], FFN intermediate activations); false: the output ([out, 1]). */
  feedforward: boolean;
  inFeatures: number;
  outFeatures: number;
}

export function resolvedModules(cfg: Pick<Ia3Config, 'target_modules' | 'feedforward_modules'>, modelType: string, source = IA3_SOURCE) {
  const fallback = IA3_DEFAULTS[modelType];
  const target_modules = cfg.target_modules ?? fallback?.target_modules;
  const feedforward_modules = cfg.feedforward_modules ?? fallback?.feedforward_modules;
  if (target_modules === undefined) throw new InputError(`${source} [target_modules]: required for model type '${modelType}' (no default for it)`);
  if (feedforward_modules === undefined) throw new InputError(`${source} [feedforward_modules]: required for model type '${modelType}' (no default for it)`);
  // HF PEFT's IA3Config check (only when both are lists).
  if (Array.isArray(target_modules) && Array.isArray(feedforward_modules)) {
    const extra = feedforward_modules.filter((f) => !target_modules.includes(f));
    if (extra.length) throw new InputError(`${source} [feedforward_modules]: must be a subset of target_modules (HF PEFT); ${JSON.stringify(extra)} not in ${JSON.stringify(target_modules)}`);
  }
  return { target_modules, feedforward_modules };
}

/** HF PEFT's _check_target_module_feedforward: a string is a full-match regex; a list entry matches a name ending with it. */
function feedforwardMatcher(ff: string | readonly string[], source: string): (name: string) => boolean {
  if (typeof ff === 'string') {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${ff})$`);
    } catch (err) {
      throw new InputError(`${source} [feedforward_modules]: not a valid regular expression (${(err as Error).message})`);
    }
    return (name) => re.test(name);
  }
  return (name) => ff.some((f) => name.endsWith(f));
}

export function selectIa3Targets(
  linears: { name: string; inFeatures: number; outFeatures: number }[],
  cfg: Pick<Ia3Config, 'target_modules' | 'feedforward_modules'>,
  modelType: string,
  source = IA3_SOURCE,
): Ia3Target[] {
  const { target_modules, feedforward_modules } = resolvedModules(cfg, modelType, source);
  const isTarget = hfNameMatcher(target_modules, source, 'target_modules');
  const isFf = feedforwardMatcher(feedforward_modules, source);
  const out = linears
    .filter((l) => isTarget(l.name))
    .map((l) => ({ module: l.name, feedforward: isFf(l.name), inFeatures: l.inFeatures, outFeatures: l.outFeatures }));
  if (out.length === 0) throw new InputError(`${source} [target_modules]: no Linear of this ${modelType} model matches ${JSON.stringify(target_modules)}`);
  return out;
}

export { savedByModules } from '@peftbench/method-lora';
