/**
 * `peftbench download` (fill the hub cache ahead of a run, e.g. for cluster nodes without internet) and
 * `peftbench cache verify|list`.
 */
import { parseArgs } from 'node:util';
import { InputError } from '@peftbench/util';
import { prefetch, type PrefetchItem, type PrefetchResult } from './prefetch.ts';
import { verifyCache, listCache } from './verify.ts';
import { hubCacheDir, parseRepoSpec } from './settings.ts';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const DOWNLOAD_USAGE = `usage: peftbench download <repo>[@<revision>] ... [options]

Download model and dataset repos into the Hugging Face hub cache (the one Python's huggingface_hub and
transformers use), verified (sha256 for LFS files, git blob id for others), so that later runs need no
network: run it once on a machine with internet, then run offline (HF_HUB_OFFLINE=1 or
PEFTBENCH_OFFLINE=1) on nodes that see the same cache folder.

  <repo>[@<revision>]     model repos (hf: prefix allowed); revision = branch, tag or commit (default main)
  --dataset <repo>[@rev]  a dataset repo (repeatable)
  --include <glob>        dataset files to take (repeatable; * within a path segment, ** across);
                          default: every file of the dataset repo
  --model-include <glob>  model files to take instead of what peftbench loads (config.json,
                          generation_config.json, *.safetensors, tokenizer files)
  --sweep <file>          the models and datasets a sweep file needs
  --refresh               ask the hub again what a branch / tag points to (default: keep the commit the
                          cache already resolved it to)
  --hub-url <url>         default PEFTBENCH_HUB_URL, HF_ENDPOINT, https://huggingface.co
  --cache-dir <dir>       default HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub
  --timeout <seconds>     stall timeout per request (default HF_HUB_DOWNLOAD_TIMEOUT or 30)
  --retries <n>           retries of a failed download (default 3)
  --json                  print the resolved commits and files as JSON`;

const CACHE_USAGE = `usage: peftbench cache verify [<repo>...] [--quick] [--remove] [--cache-dir <dir>] [--json]
       peftbench cache list [--cache-dir <dir>]

verify: hash every cached file a snapshot links to and compare it with the hash the hub gave (the blob's
        name: sha256 for LFS files, git blob id for others). --quick trusts files whose size and mtime are
        unchanged since they were last hashed (what a run checks on use). --remove deletes corrupt files
        so the next online run fetches them again. Exit status 1 when a file is corrupt or missing.
list:   repos, revisions (commit and refs) and sizes in the cache.`;

/** Set by the sweep runner's package: the hub repos a sweep file needs. */
type SweepNeeds = (sweepFile: string) => PrefetchItem[] | Promise<PrefetchItem[]>;

export async function runDownloadCli(argv: string[], deps: { sweepNeeds?: SweepNeeds } = {}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dataset: { type: 'string', multiple: true }, include: { type: 'string', multiple: true },
        'model-include': { type: 'string', multiple: true }, sweep: { type: 'string' },
        refresh: { type: 'boolean' }, 'hub-url': { type: 'string' }, 'cache-dir': { type: 'string' }, timeout: { type: 'string' },
        retries: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new InputError(`download: ${(err as Error).message}\n\n${DOWNLOAD_USAGE}`);
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    console.log(DOWNLOAD_USAGE);
    return 0;
  }
  const items: PrefetchItem[] = [];
  for (const spec of positionals) {
    const { repo, revision } = parseRepoSpec(spec, 'download: model');
    items.push({ repo, revision, repoType: 'model', include: v['model-include'] });
  }
  for (const spec of v.dataset ?? []) {
    const { repo, revision } = parseRepoSpec(spec, 'download: --dataset');
    items.push({ repo, revision, repoType: 'dataset', include: v.include });
  }
  if (v.sweep) {
    if (!deps.sweepNeeds) throw new InputError(`download --sweep ${v.sweep}: no sweep reader is wired in this build`);
    items.push(...(await deps.sweepNeeds(v.sweep)));
  }
  if (items.length === 0) throw new InputError(`download: name at least one repo, --dataset or --sweep\n\n${DOWNLOAD_USAGE}`);
  const timeout = v.timeout === undefined ? undefined : Number(v.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new InputError(`download --timeout: expected seconds > 0, got ${JSON.stringify(v.timeout)}`);
  const retries = v.retries === undefined ? undefined : Number(v.retries);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) throw new InputError(`download --retries: expected an integer >= 0, got ${JSON.stringify(v.retries)}`);

  const cache = hubCacheDir(v['cache-dir']);
  const results = await prefetch(items, {
    hubUrl: v['hub-url'],
    cacheDir: v['cache-dir'],
    refresh: v.refresh,
    network: { timeoutMs: timeout === undefined ? undefined : timeout * 1000, retries },
    onItem: (r) => {
      if (!v.json) console.log(describeResult(r));
    },
  });
  if (v.json) console.log(JSON.stringify(results.map(({ repo, repoType, revision, commit, dir, files }) => ({ repo, repoType, revision, commit, dir, files })), null, 2));
  else console.log(`\ncache: ${cache}\noffline use: HF_HUB_OFFLINE=1 (or PEFTBENCH_OFFLINE=1) with HF_HUB_CACHE=${cache} on the nodes`);
  return 0;
}

function describeResult(r: PrefetchResult): string {
  const bytes = r.files.reduce((s, f) => s + statSync(join(r.dir, f)).size, 0);
  return `${r.repoType} ${r.repo}@${r.revision} -> commit ${r.commit}: ${r.files.length} file${r.files.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let x = n / 1024;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(1)} ${units[i]}`;
}

export async function runCacheCli(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    console.log(CACHE_USAGE);
    return sub ? 0 : 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { quick: { type: 'boolean' }, remove: { type: 'boolean' }, 'cache-dir': { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (err) {
    throw new InputError(`cache ${sub}: ${(err as Error).message}\n\n${CACHE_USAGE}`);
  }
  const { values: v, positionals } = parsed;
  if (sub === 'verify') {
    const report = await verifyCache({ cacheDir: v['cache-dir'], repos: positionals.length ? positionals.map((p) => parseRepoSpec(p).repo) : undefined, quick: v.quick, remove: v.remove });
    if (v.json) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      for (const e of report.entries) {
        if (e.status !== 'ok') console.log(`${e.status.toUpperCase()} ${e.repoFolder}/snapshots/${e.commit}/${e.path}${e.detail ? `: ${e.detail}` : ''}`);
      }
      const ok = report.entries.filter((e) => e.status === 'ok').length;
      console.log(`${report.cacheDir}: ${report.entries.length} files checked, ${ok} ok, ${report.problems} corrupt or missing, ${report.blobsHashed} blobs hashed${v.quick ? ' (quick: unchanged blobs not hashed)' : ''}`);
      if (report.problems > 0 && !v.remove) console.log('fix: `peftbench cache verify --remove`, then run again online (or `peftbench download <repo>`) to fetch them again');
    }
    return report.problems > 0 ? 1 : 0;
  }
  if (sub === 'list') {
    const info = await listCache(v['cache-dir']);
    for (const repo of info.repos) {
      console.log(`${repo.id.type} ${repo.id.name}  ${formatBytes(repo.size)}`);
      for (const rev of repo.revisions) console.log(`  ${rev.commitOid}${rev.refs.length ? ` (${rev.refs.join(', ')})` : ''}  ${rev.files.length} files`);
    }
    for (const w of info.warnings) console.log(`warning: ${w.message}`);
    if (info.repos.length === 0) console.log(`${hubCacheDir(v['cache-dir'])}: no cached repos`);
    return 0;
  }
  throw new InputError(`cache: unknown subcommand '${sub}'\n\n${CACHE_USAGE}`);
}
