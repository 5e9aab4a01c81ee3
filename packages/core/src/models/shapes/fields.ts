/** Reading the few config.json fields that decide shapes; errors name the file and the key. */
import { InputError } from '@peftbench/util';
import type { HfConfig } from '../config.ts';

export class ConfigFields {
  constructor(
    private readonly cfg: HfConfig,
    readonly file: string,
  ) {}

  /** A positive integer field; `fallback` is HF's default when the key is absent (or null, where HF allows it). */
  int(key: string, fallback?: number): number {
    const v = this.cfg[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw new InputError(`${this.file} [${key}]: missing (needed to count parameters)`);
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InputError(`${this.file} [${key}]: expected a non-negative integer, got ${JSON.stringify(v)}`);
    return v;
  }

  /** An integer field that HF allows to be negative (DeBERTa's -1 = "not set"). */
  signedInt(key: string, fallback: number): number {
    const v = this.cfg[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputError(`${this.file} [${key}]: expected an integer, got ${JSON.stringify(v)}`);
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.cfg[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') throw new InputError(`${this.file} [${key}]: expected true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  str(key: string, fallback: string): string {
    const v = this.cfg[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string') throw new InputError(`${this.file} [${key}]: expected a string, got ${JSON.stringify(v)}`);
    return v;
  }

  /** Whether the key is present with a non-null value. */
  has(key: string): boolean {
    return this.cfg[key] !== undefined && this.cfg[key] !== null;
  }
}
