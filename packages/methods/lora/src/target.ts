/**
 * target_modules matching with HF PEFT's rules (peft.tuners.tuners_utils.check_target_module_exists):
 * a string is a regex that must match the whole module name (re.fullmatch); a list matches a name equal
 * to an entry or ending with '.' + entry; layers_to_transform keeps modules whose layer index (from
 * `.layer.N.` / `.layers.N.` / `.h.N.` / `.block.N.` / `.blocks.N.`) is listed.
 */
import { InputError } from '@peftbench/util';
import { DEFAULT_TARGET_MODULES, type LoraConfig } from './config.ts';

export type ModuleMatcher = (moduleName: string) => boolean;

const SOURCE = "method 'lora' config";

export function targetModulesFor(cfg: Pick<LoraConfig, 'target_modules'>, modelType: string): string | string[] {
  if (cfg.target_modules !== undefined) return cfg.target_modules;
  const fallback = DEFAULT_TARGET_MODULES[modelType];
  if (!fallback) throw new InputError(`${SOURCE} [target_modules]: required for model type '${modelType}' (HF PEFT has no default for it)`);
  return fallback;
}

export function moduleMatcher(cfg: Pick<LoraConfig, 'target_modules' | 'layers_to_transform'>, modelType: string): ModuleMatcher {
  const byName = hfNameMatcher(targetModulesFor(cfg, modelType), SOURCE, 'target_modules');
  const layers = cfg.layers_to_transform ? new Set(cfg.layers_to_transform) : undefined;
  if (!layers) return byName;
  return (name) => byName(name) && layers.has(hfLayerIndex(name));
}

/**
 * HF PEFT's target_modules rule on its own (check_target_module_exists): a string is a regular expression that must
 * match the whole module name ('all-linear' = every Linear); a list matches a name equal to an entry or ending with
 * '.' + entry. `source` / `key` name the config field in errors (e.g. "method 'ia3' config", 'target_modules').
 */
export function hfNameMatcher(targets: string | readonly string[], source: string, key: string): ModuleMatcher {
  if (targets === 'all-linear') return () => true;
  if (typeof targets === 'string') {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${targets})$`);
    } catch (err) {
      throw new InputError(`${source} [${key}]: not a valid regular expression (${(err as Error).message})`);
    }
    return (name) => re.test(name);
  }
  return (name) => targets.some((t) => name === t || name.endsWith(`.${t}`));
}

/** HF PEFT's default layers_pattern: the number after layers/h/block/blocks/layer; -1 when absent. */
export function hfLayerIndex(name: string): number {
  const m = /\.(?:layers|h|block|blocks|layer)\.(\d+)\./.exec(name);
  return m ? Number(m[1]) : -1;
}

/** The chosen module names; throws (naming target_modules) when nothing matches, as HF PEFT does. */
export function selectTargets(moduleNames: string[], cfg: Pick<LoraConfig, 'target_modules' | 'layers_to_transform'>, modelType: string): string[] {
  const match = moduleMatcher(cfg, modelType);
  const chosen = moduleNames.filter(match);
  if (chosen.length === 0) {
    const key = cfg.layers_to_transform ? 'layers_to_transform' : 'target_modules';
    throw new InputError(`${SOURCE} [${key}]: no Linear of this ${modelType} model matches ${JSON.stringify(targetModulesFor(cfg, modelType))}${cfg.layers_to_transform ? ` in layers ${JSON.stringify(cfg.layers_to_transform)}` : ''}`);
  }
  return chosen;
}
