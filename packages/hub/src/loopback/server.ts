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
  /** Repo path of every GET that sent file content (not counting the 1-byte range probes), in order. */
  downloads: string[];
  /** The commit a branch (default `main`) of a repo points to now. */
  commitOf(kind: Kind, name: string, branch?: string): string;
  /**
   * Push a new commit to a branch (default `main`; e.g. `refs/convert/parquet`) of a repo (added if new):
   * the branch serves `dir` from now on; earlier commits stay reachable by their sha. Returns the new sha.
   */
  publish(kind: Kind, name: string, dir: string, branch?: string): string;
  /** Make the next `times` content downloads of `path` (in any repo) misbehave; see `Fault`. */
  fault(path: string, fault: Fault): void;
  close(): Promise<void>;
}

/**
 * Faults for the download tests, applied to GET requests that send file content (not the 1-byte range
 * probe that @huggingface/hub makes first):
 * - truncate: full Content-Length, but the connection is cut after `afterBytes` (default half) bytes;
 * - short: a complete answer with fewer bytes (`afterBytes`, default half) and a matching Content-Length;
 * - corrupt: the right number of bytes, 16 of them overwritten;
 * - stall: `afterBytes` (default 0) bytes, then silence until the client gives up;
 * - error500: a 500 answer.
 */
export interface Fault {
  kind: 'truncate' | 'short' | 'corrupt' | 'stall' | 'error500';
  afterBytes?: number;
  /** How many downloads misbehave before the file is served correctly again (default 1; Infinity: always). */
  times?: number;
}

type Kind = 'model' | 'dataset';

interface Repo {
  kind: Kind;
  name: string;
  /** Commits, oldest first; the last is `main`. */
  commits: { sha: string; dir: string }[];
  /** branch name → commit sha */
  branches: Map<string, string>;
}

/** A repo resolved at one revision. */
interface RepoAt {
  kind: Kind;
  name: string;
  dir: string;
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
  const publish = (kind: Kind, name: string, dir: string, branch = 'main'): string => {
    const abs = resolve(dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new Error(`startLoopbackHub: ${kind} ${name}: ${abs} is not a folder`);
    const repo = repos.get(`${kind}s/${name}`) ?? { kind, name, commits: [], branches: new Map<string, string>() };
    repos.set(`${kind}s/${name}`, repo);
    // A stable fake commit id per (repo, commit number), so tests can predict it across runs.
    const sha = createHash('sha1').update(`loopback ${kind}s/${name}#${repo.commits.length}`).digest('hex');
    repo.commits.push({ sha, dir: abs });
    repo.branches.set(branch, sha);
    return sha;
  };
  for (const [name, dir] of Object.entries(opts.models ?? {})) publish('model', name, dir);
  for (const [name, dir] of Object.entries(opts.datasets ?? {})) publish('dataset', name, dir);

  const requests: string[] = [];
  const cdn = new Map<string, FileFacts>(); // sha256 → file, filled when a resolve redirects
  const faults = new Map<string, Fault & { left: number }>();
  const stalled = new Set<ServerResponse>();
  const downloads: string[] = [];
  const takeFault = (req: IncomingMessage, path: string): Fault | undefined => {
    if (req.method !== 'GET' || /^bytes=0-0$/.test(req.headers.range?.trim() ?? '')) return undefined;
    downloads.push(path);
    const f = faults.get(path);
    if (!f || f.left <= 0) return undefined;
    f.left--;
    return f;
  };

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
      return sendFile(req, res, facts, { ETag: `"${facts.sha256}"` }, takeFault(req, facts.path), stalled);
    }

    if (segs[0] === 'api' && (segs[1] === 'models' || segs[1] === 'datasets')) {
      const kind: Kind = segs[1] === 'models' ? 'model' : 'dataset';
      const op = segs.findIndex((s, i) => i >= 3 && (s === 'paths-info' || s === 'tree' || s === 'revision'));
      if (op < 0) return sendHubError(res, 404, undefined, 'Not found');
      const repo = findRepo(res, kind, segs.slice(2, op).join('/'), segs[op + 1] ?? 'main');
      if (!repo) return;
      if (segs[op] === 'revision' && method === 'GET') {
        // What huggingface_hub's repo_info / @huggingface/hub's modelInfo read: id, sha, siblings.
        return sendJson(res, { id: repo.name, sha: repo.commit, siblings: listRepoTree(repo.dir).map((rfilename) => ({ rfilename })) });
      }
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
        // Absolute, on another "host" as far as clients can tell (the real hub redirects to cdn-lfs / cas-bridge):
        // huggingface_hub follows only relative redirects when it reads the headers, so it reads X-Repo-Commit here.
        const location = `http://${req.headers.host}/__cdn/${facts.sha256}/${encodeURIComponent(path.split('/').pop() ?? path)}`;
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
      return sendFile(req, res, facts, { ETag: `"${facts.gitOid}"`, 'X-Repo-Commit': repo.commit }, takeFault(req, path), stalled);
    }

    return sendHubError(res, 404, undefined, 'Not found');
  }

  /** The hub answers 401 for a repo it does not know (it will not say whether a private one exists). */
  function findRepo(res: ServerResponse, kind: Kind, name: string, revision: string): RepoAt | undefined {
    const repo = repos.get(`${kind}s/${name}`);
    if (!repo) {
      sendHubError(res, 401, 'RepoNotFound', 'Repository not found');
      return undefined;
    }
    const sha = repo.branches.get(revision) ?? revision;
    const at = repo.commits.find((c) => c.sha === sha);
    if (!at) {
      sendHubError(res, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
      return undefined;
    }
    return { kind, name, dir: at.dir, commit: at.sha };
  }

  function entryFor(repo: RepoAt, path: string, expand: boolean): object | undefined {
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

  function sendTree(res: ServerResponse, repo: RepoAt, sub: string, recursive: boolean, expand: boolean): void {
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
    downloads,
    commitOf(kind, name, branch = 'main') {
      const repo = repos.get(`${kind}s/${name}`);
      if (!repo) throw new Error(`loopback hub: no ${kind} ${name}`);
      const sha = repo.branches.get(branch);
      if (!sha) throw new Error(`loopback hub: ${kind} ${name} has no branch ${branch}`);
      return sha;
    },
    publish,
    fault(path, fault) {
      faults.set(path, { ...fault, left: fault.times ?? 1 });
    },
    close: () =>
      new Promise<void>((ok, fail) => {
        for (const res of stalled) res.destroy();
        server.close((err) => (err ? fail(err) : ok()));
        server.closeAllConnections();
      }),
  };
}

function sendFile(
  req: IncomingMessage, res: ServerResponse, facts: FileFacts, headers: Record<string, string>,
  fault?: Fault, stalled?: Set<ServerResponse>,
): void {
  const content = readFileSync(facts.abs);
  if (fault) return sendFaulty(res, content, headers, fault, stalled!);
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

function sendFaulty(res: ServerResponse, content: Buffer, headers: Record<string, string>, fault: Fault, stalled: Set<ServerResponse>): void {
  const half = Math.floor(content.byteLength / 2);
  const common = { ...headers, 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream' };
  switch (fault.kind) {
    case 'error500':
      return sendHubError(res, 500, undefined, 'Internal Error (loopback fault)');
    case 'short': {
      const body = content.subarray(0, fault.afterBytes ?? half);
      res.writeHead(200, { ...common, 'Content-Length': body.byteLength });
      res.end(body);
      return;
    }
    case 'corrupt': {
      const body = Buffer.from(content);
      const at = Math.min(fault.afterBytes ?? half, Math.max(0, body.byteLength - 16));
      for (let i = at; i < Math.min(at + 16, body.byteLength); i++) body[i] ^= 0xff;
      res.writeHead(200, { ...common, 'Content-Length': body.byteLength });
      res.end(body);
      return;
    }
    case 'truncate':
      res.writeHead(200, { ...common, 'Content-Length': content.byteLength });
      res.write(content.subarray(0, fault.afterBytes ?? half), () => res.destroy());
      return;
    case 'stall':
      res.writeHead(200, { ...common, 'Content-Length': content.byteLength });
      res.flushHeaders();
      if (fault.afterBytes) res.write(content.subarray(0, fault.afterBytes));
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return;
  }
}
