/**
 * `peftbench sweep status <results dir> [--json]`: where each run of a sweep stands (done, pending,
 * running, failed, timeout, cancelled, missing), from the result files, the Slurm submissions recorded
 * next to them and squeue / sacct. The logic is @peftbench/experiments' sweepStatus; this is the command.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '@peftbench/util';

export const sweepUsage = `usage: peftbench sweep status <results dir> [--json]
  <results dir>   one sweep's results folder, e.g. results/glue-paper
  --json          the per-run states as JSON`;

export async function runSweepCommand(argv: string[], out: { write: (s: string) => unknown } = process.stdout): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    out.write(`${sweepUsage}\n`);
    return sub ? 0 : 2;
  }
  if (sub !== 'status') throw new InputError(`unknown subcommand '${sub}' (known: status)\n${sweepUsage}`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new InputError(`status: ${(err as Error).message}\n${sweepUsage}`);
  }
  if (parsed.positionals.length !== 1) throw new InputError(`status: expected one results folder\n${sweepUsage}`);
  const { sweepStatus, formatStatus } = await import('@peftbench/experiments');
  const st = sweepStatus(resolve(parsed.positionals[0]));
  out.write(parsed.values.json ? `${JSON.stringify(st, null, 2)}\n` : formatStatus(st));
  return 0;
}
