import { InputError } from '@peftbench/util';

/** The slice of @peftbench/hub this package uses (typed here so the two packages evolve separately). */
interface HubApi {
  hubDownload(opts: {
    repo: string;
    repoType: 'dataset';
    revision: string;
    path: string;
    hubUrl?: string;
    cacheDir?: string;
  }): Promise<string>;
  readParquet(path: string): Promise<Record<string, unknown>[]>;
}

export interface HubFileRequest {
  repo: string;
  revision: string;
  path: string;
  hubUrl?: string;
  cacheDir?: string;
}

async function hub(): Promise<HubApi> {
  const mod = (await import('@peftbench/hub')) as unknown as Partial<HubApi>;
  if (typeof mod.hubDownload !== 'function' || typeof mod.readParquet !== 'function') {
    throw new Error('@peftbench/hub does not export hubDownload/readParquet yet');
  }
  return mod as HubApi;
}

/**
 * Download one dataset file through @peftbench/hub (Hugging Face cache: HF_HUB_CACHE / HF_HOME; atomic, verified,
 * reused offline) and return its local path. Every family's hub path ends here and then reads the local
 * file with the same parser a folder source uses (JSON) or maps parquet rows to the same records.
 */
export async function hubFile(req: HubFileRequest): Promise<string> {
  const api = await hub();
  try {
    return await api.hubDownload({ ...req, repoType: 'dataset' });
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`hub ${req.repo}@${req.revision} [${req.path}]: ${(err as Error).message}`);
  }
}

/** Download a parquet file and read its rows (BigInt columns become numbers). */
export async function hubParquetRows(req: HubFileRequest): Promise<{ file: string; rows: Record<string, unknown>[] }> {
  const file = await hubFile(req);
  const rows = await (await hub()).readParquet(file);
  return { file: `${req.repo}/${req.path}`, rows: rows.map(normaliseRow) };
}

function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = normaliseValue(v);
  return out;
}

function normaliseValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(normaliseValue);
  return v;
}
