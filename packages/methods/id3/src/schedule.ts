/**
 * The uniform unmasking scheduler of ID3 (paper §3.2: u_t = B/T). When T does not divide B, the first
 * B mod T steps take one extra entry, so that exactly B are chosen after T steps (the authors' toolkit
 * spreads the remainder the same way: step t gets one more while t/T < (B mod T)/T).
 */
export function uniformUnmaskCount(step: number, totalSteps: number, budget: number): number {
  if (step >= totalSteps) return 0;
  const base = Math.floor(budget / totalSteps);
  return base + (step < budget % totalSteps ? 1 : 0);
}
