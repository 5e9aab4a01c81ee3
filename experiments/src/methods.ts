/** Every method package this repo ships, registered with core's method registry (core knows none by name). */
import { registerMethod, type PeftMethod } from '@peftbench/core';
import { method as fullFt } from '@peftbench/method-full-ft';
import { method as bitfit } from '@peftbench/method-bitfit';
import { method as lora } from '@peftbench/method-lora';
import { method as red } from '@peftbench/method-red';

export const SHIPPED_METHODS: PeftMethod[] = [fullFt, bitfit, lora, red];

for (const m of SHIPPED_METHODS) registerMethod(m);

/** Register a method that lives outside this repo's packages (your own package). */
export function addMethod(m: PeftMethod): void {
  registerMethod(m);
}
