/** Every method package this repo ships, registered with core's method registry (core knows none by name). */
import { registerMethod, type PeftMethod } from '@peftbench/core';
import { method as fullFt } from '@peftbench/method-full-ft';
import { method as bitfit } from '@peftbench/method-bitfit';
import { method as lora } from '@peftbench/method-lora';
import { method as red } from '@peftbench/method-red';
import { method as itTuning } from '@peftbench/method-it-tuning';
import { method as id3 } from '@peftbench/method-id3';
import { method as repeatD3 } from '@peftbench/method-repeat-d3';
import { method as pafi } from '@peftbench/method-pafi';
import { method as fish } from '@peftbench/method-fish';
import { method as randomMask } from '@peftbench/method-random-mask';

export const SHIPPED_METHODS: PeftMethod[] = [fullFt, bitfit, lora, red, itTuning, id3, repeatD3, pafi, fish, randomMask];

for (const m of SHIPPED_METHODS) registerMethod(m);

/** Register a method that lives outside this repo's packages (your own package). */
export function addMethod(m: PeftMethod): void {
  registerMethod(m);
}
