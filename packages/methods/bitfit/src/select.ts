/** Which backbone tensors BitFit trains. */
import type { BitfitConfig } from './config.ts';

export function bitfitTrains(name: string, shape: readonly number[], cfg: BitfitConfig): boolean {
  return cfg.variant === 'all-1d' ? shape.length === 1 : name.endsWith('.bias');
}
