import { at } from '@peftbench/util';

export interface Slot {
  slot: string;
  value: string;
}

// a value holds no bracket: `name[A, eatType[pub]` (a lost `]`) is malformed, not the value 'A, eatType[pub'
const SLOT = /^\s*([^[\],]+?)\s*\[([^[\]]*)\]\s*$/;

/** Parse an E2E meaning representation `name[Alimentum], area[city centre]` into its slots, in order. */
export function parseMr(mr: string, file = '<mr>', place?: number | string): Slot[] {
  // Values never hold brackets; split on the commas that follow a closing bracket.
  const parts = mr.split(/(?<=\])\s*,/);
  return parts.map((part) => {
    const m = SLOT.exec(part);
    if (!m) throw at(file, place, `malformed meaning representation near '${part.trim().slice(0, 40)}' (expected slot[value])`);
    return { slot: m[1], value: m[2].trim() };
  });
}

export type MrFormat = 'raw' | 'table';

/**
 * MR as model input text. 'raw': the MR string as in the CSV. 'table': the linearised table used by
 * the IT-Tuning/LoRA E2E pipelines, `name : X | eatType : Y | ...` (slot names kept as in the MR).
 */
export function lineariseMr(mr: string, format: MrFormat): string {
  if (format === 'raw') return mr;
  return parseMr(mr)
    .map((s) => `${s.slot} : ${s.value}`)
    .join(' | ');
}
