/**
 * The methods: every package that declares `"peftbench": {"method": true}` (this workspace's packages/methods/*
 * and any installed one), found and registered with core's registry when this module loads. Nothing here names
 * a method: add a package and it appears in `--methods`, delete it and it is gone.
 */
import type { PeftMethod } from '@peftbench/core';
import { loadMethods } from '@peftbench/discovery';

export const METHODS: PeftMethod[] = await loadMethods();

/** Method names in table order. */
export function methodNames(): string[] {
  return METHODS.map((m) => m.name);
}
