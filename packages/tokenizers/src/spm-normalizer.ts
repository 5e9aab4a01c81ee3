/**
 * SentencePiece's normaliser (normalizer.cc), driven by the model's `normalizer_spec`:
 * `precompiled_charsmap` (uint32 LE trie size, a Darts-clone double-array trie over UTF-8 bytes, then
 * NUL-terminated replacement strings) applied longest-match-first, then the whitespace rules
 * (remove_extra_whitespaces, add_dummy_prefix, escape_whitespaces → `▁`).
 */
import { InputError } from '@peftbench/util';
import type { SpmModel } from './spm-model.ts';

export const SPACE_SYMBOL = '\u2581';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** The precompiled character map: a Darts-clone double array and the replacement strings. */
export class Charsmap {
  private readonly units: Uint32Array;
  private readonly normalized: Uint8Array;

  constructor(blob: Uint8Array, file: string) {
    const where = `${file} [normalizer_spec.precompiled_charsmap]`;
    if (blob.length < 4) throw new InputError(`${where}: ${blob.length} bytes, too short for the trie size`);
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    const trieSize = view.getUint32(0, true);
    if (trieSize % 4 !== 0 || trieSize === 0 || 4 + trieSize > blob.length) throw new InputError(`${where}: trie size ${trieSize} does not fit the ${blob.length}-byte blob`);
    this.units = new Uint32Array(trieSize / 4);
    for (let i = 0; i < this.units.length; i++) this.units[i] = view.getUint32(4 + 4 * i, true);
    this.normalized = blob.subarray(4 + trieSize);
  }

  /**
   * Longest entry of the trie that is a prefix of bytes[start…]: [length in bytes, replacement bytes], or
   * null. (Darts-clone commonPrefixSearch: unit layout label | has_leaf | offset.)
   */
  longestMatch(bytes: Uint8Array, start: number): [number, Uint8Array] | null {
    const u = this.units;
    const offset = (unit: number) => (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    const label = (unit: number) => unit & ((1 << 31) | 0xff);
    const hasLeaf = (unit: number) => ((unit >>> 8) & 1) === 1;
    const value = (unit: number) => unit & 0x7fffffff;
    let nodePos = 0;
    let unit = u[nodePos];
    nodePos ^= offset(unit);
    let best: [number, number] | null = null;
    for (let i = start; i < bytes.length; i++) {
      const c = bytes[i];
      nodePos ^= c;
      if (nodePos >= u.length) break;
      unit = u[nodePos];
      if ((label(unit) >>> 0) !== c) break;
      nodePos ^= offset(unit);
      if (nodePos >= u.length) break;
      if (hasLeaf(unit)) best = [i - start + 1, value(u[nodePos])];
    }
    if (!best) return null;
    const [len, at] = best;
    let end = at;
    while (end < this.normalized.length && this.normalized[end] !== 0) end++;
    return [len, this.normalized.subarray(at, end)];
  }
}

/** Length in bytes of the UTF-8 character starting with byte b (1 for a stray continuation byte). */
function utf8Length(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xf0) return 4;
  if (b >= 0xe0) return 3;
  if (b >= 0xc0) return 2;
  return 1;
}

export class SpmNormalizer {
  private readonly charsmap: Charsmap | null;
  constructor(
    private readonly spec: SpmModel['normalizer'],
    treatWhitespaceAsSuffix: boolean,
    file: string,
  ) {
    if (treatWhitespaceAsSuffix) throw new InputError(`${file} [trainer_spec.treat_whitespace_as_suffix]: true is not supported`);
    this.charsmap = spec.precompiledCharsmap.length > 0 ? new Charsmap(spec.precompiledCharsmap, file) : null;
  }

  /** One normalisation step at `pos`: [replacement text, bytes consumed]. */
  private prefix(bytes: Uint8Array, pos: number): [string, number] {
    const m = this.charsmap?.longestMatch(bytes, pos);
    if (m) return [decoder.decode(m[1]), m[0]];
    const n = Math.min(utf8Length(bytes[pos]), bytes.length - pos);
    return [decoder.decode(bytes.subarray(pos, pos + n)), n]; // malformed → U+FFFD, as sentencepiece
  }

  /** The normalised text (with `▁` for spaces and the dummy prefix), '' for empty / all-space input. */
  normalize(text: string): string {
    const bytes = encoder.encode(text);
    const spec = this.spec;
    let pos = 0;
    if (spec.removeExtraWhitespaces) {
      while (pos < bytes.length) {
        const [sp, n] = this.prefix(bytes, pos);
        if (sp !== ' ') break;
        pos += n;
      }
    }
    if (pos >= bytes.length) return '';
    const space = spec.escapeWhitespaces ? SPACE_SYMBOL : ' ';
    let out = spec.addDummyPrefix ? space : '';
    let prevSpace = spec.removeExtraWhitespaces;
    while (pos < bytes.length) {
      let [sp, n] = this.prefix(bytes, pos);
      if (prevSpace && spec.removeExtraWhitespaces) sp = sp.replace(/^ +/, '');
      if (sp.length > 0) {
        out += spec.escapeWhitespaces ? sp.replaceAll(' ', SPACE_SYMBOL) : sp;
        prevSpace = sp.endsWith(' ');
      }
      pos += n;
    }
    if (spec.removeExtraWhitespaces) while (out.endsWith(space)) out = out.slice(0, -space.length);
    return out;
  }
}
