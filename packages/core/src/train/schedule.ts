/**
 * Learning-rate schedules with warmup, as transformers' get_scheduler defines them: the multiplier of the
 * peak learning rate at optimizer step s (0-based) of T.
 */
import { z } from 'zod';

export const scheduleSchema = z.object({
  kind: z.enum(['linear', 'cosine', 'cosine-with-restarts', 'constant']).default('linear').describe('decay after warmup'),
  warmupRatio: z.number().min(0).max(1).optional().describe('warmup as a fraction of all steps'),
  warmupSteps: z.number().int().nonnegative().optional().describe('warmup in steps (wins over warmupRatio)'),
  numCycles: z.number().positive().optional().describe('cosine: half-waves (default 0.5); restarts: hard restarts (default 1)'),
});
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

export function warmupStepsOf(cfg: Partial<ScheduleConfig>, totalSteps: number): number {
  if (cfg.warmupSteps !== undefined) return cfg.warmupSteps;
  return Math.ceil((cfg.warmupRatio ?? 0) * totalSteps);
}

export function lrMultiplier(cfg: Partial<ScheduleConfig>, step: number, totalSteps: number): number {
  const warmup = warmupStepsOf(cfg, totalSteps);
  if (step < warmup) return step / Math.max(1, warmup);
  const kind = cfg.kind ?? 'linear';
  if (kind === 'constant') return 1;
  const progress = (step - warmup) / Math.max(1, totalSteps - warmup);
  if (kind === 'linear') return Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmup));
  if (kind === 'cosine') return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * (cfg.numCycles ?? 0.5) * 2 * progress)));
  if (progress >= 1) return 0;
  return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * (((cfg.numCycles ?? 1) * progress) % 1))));
}
