/**
 * Read a config.json for counting. Core's parseHfConfig validates only the architectures core can run;
 * counting also needs configs of models too large (or not yet ported) to load, so this checks only
 * that the file is a JSON object naming its model_type. The shape tables check the fields they use.
 */
import { readFileSync } from 'node:fs';
import type { HfConfig } from '../config.ts';
import { InputError } from '@peftbench/util';

export function readConfigForCounting(path: string): HfConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`${path}: cannot read as JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(`${path}: expected a JSON object`);
  if (typeof (json as Record<string, unknown>).model_type !== 'string') throw new InputError(`${path} [model_type]: missing or not a string`);
  return json as HfConfig;
}
