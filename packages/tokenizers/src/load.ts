import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, readUtf8 } from '@peftbench/util';
import type { TextTokenizer } from './text-tokenizer.ts';
import { wrapTokenizer, type TokenizerJson } from './wrap.ts';
import { findSpmModelFile, loadSpmTokenizer } from './spm-tokenizer.ts';

/**
 * Load a tokenizer from a model folder (tokenizer.json + optional tokenizer_config.json) or from a
 * tokenizer.json path (its folder's tokenizer_config.json is used when present). A folder without
 * tokenizer.json but with a SentencePiece `spm.model` (DeBERTa-v3) or `spiece.model` (T5), or a `.model`
 * path, loads the SentencePiece tokenizer (spm-tokenizer.ts).
 */
export async function loadTokenizer(dirOrFile: string): Promise<TextTokenizer> {
  if (!existsSync(dirOrFile)) throw new InputError(`${dirOrFile}: no such tokenizer file or folder`);
  const isDir = statSync(dirOrFile).isDirectory();
  if (!isDir && dirOrFile.endsWith('.model')) return loadSpmTokenizer(dirOrFile);
  if (isDir && !existsSync(join(dirOrFile, 'tokenizer.json')) && findSpmModelFile(dirOrFile)) return loadSpmTokenizer(dirOrFile);
  const jsonPath = isDir ? join(dirOrFile, 'tokenizer.json') : dirOrFile;
  if (!existsSync(jsonPath)) throw new InputError(`${jsonPath}: missing (a tokenizer folder needs tokenizer.json, or spm.model / spiece.model)`);
  const json = readJson(jsonPath) as TokenizerJson;
  const configPath = join(isDir ? dirOrFile : dirname(dirOrFile), 'tokenizer_config.json');
  const config = existsSync(configPath) && basename(jsonPath) !== 'tokenizer_config.json' ? readJson(configPath) : {};
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new InputError(`${configPath}: must be a JSON object`);
  return wrapTokenizer(json, config as Record<string, unknown>, jsonPath);
}

function readJson(path: string): unknown {
  const text = readUtf8(path);
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new InputError(`${path}${line ? `:${line}` : ''}: invalid JSON (${msg})`);
  }
}
