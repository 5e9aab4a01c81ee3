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
  if (name.startsWith('-')) {
    console.error(`peftbench: unknown option '${name}' (see peftbench --help)`);
    return 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`peftbench: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  // `peftbench <command> <sub> --help` answers with the command's usage (which lists its subcommands)
  const beforeDashDash = rest.indexOf('--') < 0 ? rest : rest.slice(0, rest.indexOf('--'));
  if (beforeDashDash.some((a) => a === '--help' || a === '-h')) return cmd.run(['--help']);
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof InputError) {
      const usageError = usageErrorOf(err.message);
      if (usageError) {
        console.error(`peftbench ${name}: ${usageError} (see peftbench ${name} --help)`);
        return 2;
      }
      console.error(`peftbench ${name}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

/**
 * A flag the command does not know (or a flag without its value), from the subcommand's error: one line
 * naming it, exit 2, and no usage text dumped after it. Bad values and bad files stay exit 1 with their message.
 */
export function usageErrorOf(message: string): string | null {
  const first = message.split('\n')[0];
  const unknown = /(?:[Uu]nknown|[Uu]nexpected) (?:option|argument|task|subcommand|format|command) '(-[^']*)'/.exec(first);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const missing = /Option '(-[^']*)' argument missing/.exec(first) ?? /Option '(-[^ ']*)[^']*' argument missing/.exec(first);
  if (missing) return `option '${missing[1]}' needs a value`;
  return null;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
