/**
 * `peftbench <command>`: one entry point; each command lives in the package that owns its job and is
 * loaded only when asked for (so `peftbench score` never loads tfjs).
 */
import { InputError } from '@peftbench/util';

type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  score: {
    summary: 'score e2e|ner|math   score system outputs with the official metrics',
    run: async (argv) => (await import('@peftbench/metrics')).runScoreCli(argv),
  },
  data: {
    summary: 'data inspect <family> [--data dir]   show splits, statistics and encoded examples',
    run: async (argv) => (await import('@peftbench/datasets')).runDataCli(argv),
  },
  download: {
    summary: 'download <repo>[@rev] ... [--dataset <repo>] [--sweep <file>]   fill the Hugging Face cache for offline runs',
    run: async (argv) => (await import('./hub-commands.ts')).runDownload(argv),
  },
  cache: {
    summary: 'cache verify|list   check every cached hub file against its hash; list cached repos',
    run: async (argv) => (await import('@peftbench/hub')).runCacheCli(argv),
  },
  convert: {
    summary: 'convert llama2c --checkpoint <bin> --tokenizer <bin> --out <dir>   write an HF-format folder',
    run: async (argv) => (await import('@peftbench/core')).runConvertCli(argv),
  },
  doctor: {
    summary: 'doctor [--json]   which backends load and why not, GPU libraries, memory, hub, cache; what this machine can run',
    run: async (argv) => (await import('./doctor.ts')).runDoctorCli(argv),
  },
  sweep: {
    summary: 'sweep status <results dir>   per-run state of a sweep (result files + Slurm squeue/sacct)',
    run: async (argv) => (await import('./sweep.ts')).runSweepCommand(argv),
  },
};

function usage(): string {
  return ['usage: peftbench <command> [options]', '', 'commands:', ...Object.entries(commands).map(([, c]) => `  ${c.summary}`)].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`peftbench: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof InputError) {
      console.error(`peftbench ${name}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
