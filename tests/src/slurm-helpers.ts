/**
 * A real single-node Slurm cluster for the tests: uses the one named by SLURM_CONF when it answers
 * (.ci/run starts one), else starts one with .ci/slurm-up.sh (root, slurm-wlm and munge installed) and
 * stops it at the end. `cluster.reason` says why there is none.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@peftbench/util';

export interface Cluster {
  ok: boolean;
  reason: string;
  /** Call at the end: stops the daemons if this process started them. */
  stop: () => void;
}

const answers = (env: NodeJS.ProcessEnv) => spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8', timeout: 20_000 }).status === 0;

export function slurmCluster(): Cluster {
  const none = (reason: string): Cluster => ({ ok: false, reason, stop: () => {} });
  if (process.env.SLURM_CONF && answers(process.env)) return { ok: true, reason: `using SLURM_CONF=${process.env.SLURM_CONF}`, stop: () => {} };
  if (spawnSync('sh', ['-c', 'command -v slurmctld || test -x /usr/sbin/slurmctld'], { encoding: 'utf8' }).status !== 0) return none('Slurm is not installed (apt-get install slurm-wlm munge; .ci/run does)');
  if (process.getuid?.() !== 0) return none('starting slurmctld/slurmd needs root');
  let dir: string;
  try {
    dir = execFileSync(join(repoRoot, '.ci/slurm-up.sh'), { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!;
  } catch (err) {
    return none(`the Slurm daemons did not start: ${((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n').slice(-3).join(' | ')}`);
  }
  process.env.SLURM_CONF = join(dir, 'slurm.conf');
  if (!existsSync(process.env.SLURM_CONF) || !answers(process.env)) return none(`slurm-up.sh gave ${dir} but sinfo does not answer`);
  return {
    ok: true,
    reason: `started a cluster in ${dir}`,
    stop: () => {
      spawnSync(join(repoRoot, '.ci/slurm-down.sh'), [dir], { stdio: 'ignore', timeout: 60_000 });
      delete process.env.SLURM_CONF;
    },
  };
}

/** Array tasks of a job still pending or running. */
export function liveTasks(jobId: string): string[] {
  const r = spawnSync('squeue', ['-h', '-r', '-j', jobId, '-t', 'PD,R,CG,CF,S', '-o', '%i'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 240_000, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
