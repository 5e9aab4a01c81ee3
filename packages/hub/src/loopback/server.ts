import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileFacts, listRepoTree, lfsPointerOid, lfsPointerSize, type FileFacts } from './repo-files.ts';
import { parseRange, sendHubError, sendJson } from './http-replies.ts';

export interface LoopbackHubOptions {
  /** repo id ("owner/name") → local folder served as that model repo. */
  models?: Record<string, string>;
  /** repo id → local folder served as that dataset repo. */
  datasets?: Record<string, string>;
}

export interface LoopbackHub {
  /** e.g. "http://127.0.0.1:41234"; pass as `hubUrl`. */
  url: string;
  /** "METHOD /path?query" of every request received, in order. */
  requests: string[];
  close(): Promise<void>;
}

type Kind = 'model' | 'dataset';

interface Repo {
  kind: Kind;
  name: string;
  dir: string;
  /** A stable fake commit id; "main" and this id are the revisions the repo answers to. */
  commit: string;
}

/**
 * A local stand-in for huggingface.co on 127.0.0.1 (random port), serving folders as repos with the
 * routes @huggingface/hub (2.17.5) calls, answered as the hub answers them:
 * - GET|HEAD /{repo}/resolve/{rev}/{path} and /datasets/{repo}/resolve/{rev}/{path}: files kept in git are
 *   sent directly (ETag = git blob id, Content-Length, Accept-Ranges, Range → 206 + Content-Range);
 *   LFS files (by extension, or >= 10 MiB) get a 302 to a CDN-like URL with X-Linked-Size /
 *   X-Linked-ETag / X-Repo-Commit, and the CDN URL serves the bytes with ETag = "sha256".
 * - POST /api/{models|datasets}/{repo}/paths-info/{rev} (JSON or form body): entries for the paths that
 *   exist (missing ones omitted), with oid, size, lfs {oid, size, pointerSize}, and lastCommit on expand.
 * - GET /api/{models|datasets}/{repo}/tree/{rev}[/{path}]?recursive=&expand=: the listing.
 * - Errors: 401 RepoNotFound, 404 RevisionNotFound / EntryNotFound, with the hub's headers and JSON body.
 */
export async function startLoopbackHub(opts: LoopbackHubOptions = {}): Promise<LoopbackHub> {
  const repos = new Map<string, Repo>();
  const add = (kind: Kind, table: Record<string, string> | undefined) => {
    for (const [name, dir] of Object.entries(table ?? {})) {
      const abs = resolve(dir);
      if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new Error(`startLoopbackHub: ${kind} ${name}: ${abs} is not a folder`);
      const commit = createHash('sha1').update(`loopback ${kind}s/${name}`).digest('hex');
      repos.set(`${kind}s/${name}`, { kind, name, dir: abs, commit });
    }
  };
  add('model', opts.models);
  add('dataset', opts.datasets);

  const requests: string[] = [];
  const cdn = new Map<string, FileFacts>(); // sha256 → file, filled when a resolve redirects

  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendHubError(res, 500, undefined, `loopback hub: ${(err as Error).message}`);
      else res.destroy(err as Error);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://loopback');
    let segs: string[];
    try {
      segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return sendHubError(res, 400, undefined, 'Malformed URL');
    }
    const method = req.method ?? 'GET';

    if (segs[0] === '__cdn' && segs.length >= 2 && (method === 'GET' || method === 'HEAD')) {
      const facts = cdn.get(segs[1]);
      if (!facts) return sendHubError(res, 404, undefined, 'Not found');
      return sendFile(req, res, facts, { ETag: `"${facts.sha256}"` });
    }

    if (segs[0] === 'api' && (segs[1] === 'models' || segs[1] === 'datasets')) {
      const kind: Kind = segs[1] === 'models' ? 'model' : 'dataset';
      const op = segs.findIndex((s, i) => i >= 3 && (s === 'paths-info' || s === 'tree'));
      if (op < 0) return sendHubError(res, 404, undefined, 'Not found');
      const repo = findRepo(res, kind, segs.slice(2, op).join('/'), segs[op + 1] ?? 'main');
      if (!repo) return;
      if (segs[op] === 'paths-info' && method === 'POST') {
        const { paths, expand } = parsePathsInfoBody(await readBody(req), req.headers['content-type']);
        return sendJson(res, paths.flatMap((p) => entryFor(repo, p, expand) ?? []));
      }
      if (segs[op] === 'tree' && method === 'GET') {
        const sub = segs.slice(op + 2).join('/');
        return sendTree(res, repo, sub, url.searchParams.get('recursive') === 'true', url.searchParams.get('expand') === 'true');
      }
      return sendHubError(res, 405, undefined, 'Method not allowed');
    }

    const at = segs.indexOf('resolve');
    if (at >= 1 && segs.length >= at + 3 && (method === 'GET' || method === 'HEAD')) {
      const kind: Kind = segs[0] === 'datasets' ? 'dataset' : 'model';
      const repo = findRepo(res, kind, segs.slice(kind === 'dataset' ? 1 : 0, at).join('/'), segs[at + 1]);
      if (!repo) return;
      const path = segs.slice(at + 2).join('/');
      const facts = fileFacts(repo.dir, path);
      if (!facts) return sendHubError(res, 404, 'EntryNotFound', 'Entry not found');
      if (facts.lfs) {
        cdn.set(facts.sha256, facts);
        const location = `/__cdn/${facts.sha256}/${encodeURIComponent(path.split('/').pop() ?? path)}`;
        const body = `Found. Redirecting to ${location}`;
        res.writeHead(302, {
          Location: location,
          ETag: `W/"${lfsPointerOid(facts)}"`,
          'X-Linked-Size': String(facts.size),
          'X-Linked-ETag': `"${facts.sha256}"`,
          'X-Repo-Commit': repo.commit,
          'Content-Type': 'text/plain; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
        });
        res.end(method === 'HEAD' ? undefined : body);
        return;
      }
      return sendFile(req, res, facts, { ETag: `"${facts.gitOid}"`, 'X-Repo-Commit': repo.commit });
    }

    return sendHubError(res, 404, undefined, 'Not found');
  }

  /** The hub answers 401 for a repo it does not know (it will not say whether a private one exists). */
  function findRepo(res: ServerResponse, kind: Kind, name: string, revision: string): Repo | undefined {
    const repo = repos.get(`${kind}s/${name}`);
    if (!repo) {
      sendHubError(res, 401, 'RepoNotFound', 'Repository not found');
      return undefined;
    }
    if (revision !== 'main' && revision !== repo.commit) {
      sendHubError(res, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
      return undefined;
    }
    return repo;
  }

  function entryFor(repo: Repo, path: string, expand: boolean): object | undefined {
    const facts = fileFacts(repo.dir, path);
    const lastCommit = expand ? { lastCommit: { id: repo.commit, title: 'loopback snapshot', date: '2024-01-01T00:00:00.000Z' } } : {};
    if (facts) {
      return {
        type: 'file',
        oid: facts.lfs ? lfsPointerOid(facts) : facts.gitOid,
        size: facts.size,
        ...(facts.lfs && { lfs: { oid: facts.sha256, size: facts.size, pointerSize: lfsPointerSize(facts) } }),
        path,
        ...lastCommit,
        ...(expand && { securityFileStatus: { status: 'safe' } }),
      };
    }
    const abs = resolve(repo.dir, ...path.split('/'));
    if (abs.startsWith(repo.dir) && existsSync(abs) && statSync(abs).isDirectory()) {
      return { type: 'directory', oid: createHash('sha1').update(`tree ${path}`).digest('hex'), size: 0, path, ...lastCommit };
    }
    return undefined;
  }

  function sendTree(res: ServerResponse, repo: Repo, sub: string, recursive: boolean, expand: boolean): void {
    const prefix = sub ? `${sub}/` : '';
    if (sub && !entryFor(repo, sub, false)) return sendHubError(res, 404, 'EntryNotFound', `${sub} does not exist on "main"`);
    const files = listRepoTree(repo.dir).filter((p) => p.startsWith(prefix));
    const seen = new Set<string>();
    const entries: object[] = [];
    for (const p of files) {
      const rest = p.slice(prefix.length).split('/');
      if (!recursive && rest.length > 1) {
        const dir = prefix + rest[0];
        if (!seen.has(dir)) entries.push(entryFor(repo, dir, expand)!);
        seen.add(dir);
        continue;
      }
      // A recursive listing also names every folder on the way, as the hub's does.
      for (let i = 1; i < rest.length; i++) {
        const dir = prefix + rest.slice(0, i).join('/');
        if (!seen.has(dir)) entries.push(entryFor(repo, dir, expand)!);
        seen.add(dir);
      }
      entries.push(entryFor(repo, p, expand)!);
    }
    sendJson(res, entries);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((err) => (err ? fail(err) : ok()));
        server.closeAllConnections();
      }),
  };
}

function sendFile(req: IncomingMessage, res: ServerResponse, facts: FileFacts, headers: Record<string, string>): void {
  const content = readFileSync(facts.abs);
  const common = {
    ...headers,
    'Accept-Ranges': 'bytes',
    'Content-Type': /\.(json|txt|md|jsonl|csv|tsv|py|yaml|yml)$/.test(facts.path) ? 'text/plain; charset=utf-8' : 'application/octet-stream',
  };
  const range = parseRange(req.headers.range, content.byteLength);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'Content-Range': `bytes */${content.byteLength}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  const body = range ? content.subarray(range.start, range.end + 1) : content;
  res.writeHead(range ? 206 : 200, {
    ...common,
    'Content-Length': body.byteLength,
    ...(range && { 'Content-Range': `bytes ${range.start}-${range.end}/${content.byteLength}` }),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/** @huggingface/hub posts JSON; huggingface_hub (Python) posts a form (paths=a&paths=b&expand=True). */
function parsePathsInfoBody(body: string, contentType: string | undefined): { paths: string[]; expand: boolean } {
  if (contentType?.includes('application/json')) {
    const json = JSON.parse(body || '{}') as { paths?: unknown; expand?: unknown };
    const paths = Array.isArray(json.paths) ? json.paths.map(String) : typeof json.paths === 'string' ? [json.paths] : [];
    return { paths, expand: json.expand === true || json.expand === 'true' };
  }
  const form = new URLSearchParams(body);
  return { paths: form.getAll('paths'), expand: /^(1|true)$/i.test(form.get('expand') ?? '') };
}
