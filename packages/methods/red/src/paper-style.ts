/**
 * Print a parameter count the way a paper printed its own: same unit (K / M / B) and the same number of
 * decimals as the printed string ("0.02M", "125M", "774.03M", "103K"), rounding half up.
 */
import { InputError } from '@peftbench/util';

const UNITS: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9 };

export interface PrintedStyle {
  unit: 'K' | 'M' | 'B';
  decimals: number;
}

export function printedStyle(printed: string): PrintedStyle {
  const m = /^(\d+)(?:\.(\d+))?([KMB])$/.exec(printed.trim());
  if (!m) throw new InputError(`parameter count '${printed}': expected digits and a unit K, M or B (e.g. 0.02M)`);
  return { unit: m[3] as PrintedStyle['unit'], decimals: m[2]?.length ?? 0 };
}

export function formatLikePrinted(count: number, printed: string): string {
  const { unit, decimals } = printedStyle(printed);
  return `${(count / UNITS[unit]).toFixed(decimals)}${unit}`;
}
