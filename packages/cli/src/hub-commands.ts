/** `peftbench download`: the hub package does the work; `--sweep` asks the sweep runner which repos a sweep needs. */
import type { PrefetchItem } from '@peftbench/hub';

export async function runDownload(argv: string[]): Promise<number> {
  const { runDownloadCli } = await import('@peftbench/hub');
  return runDownloadCli(argv, { sweepNeeds: argv.includes('--sweep') ? await sweepReader() : undefined });
}

/** experiments exports `sweepHubNeeds(sweepFile): PrefetchItem[]` (the lead wires it); undefined until it does. */
async function sweepReader(): Promise<((file: string) => PrefetchItem[] | Promise<PrefetchItem[]>) | undefined> {
  const mod = (await import('@peftbench/experiments')) as { sweepHubNeeds?: (file: string) => PrefetchItem[] | Promise<PrefetchItem[]> };
  return mod.sweepHubNeeds;
}
