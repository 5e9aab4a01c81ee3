import type { ServerResponse } from 'node:http';

/**
 * Errors the way the hub sends them: a JSON body {"error": message} plus the X-Error-Code /
 * X-Error-Message headers that huggingface_hub and @huggingface/hub dispatch on
 * (EntryNotFound, RepoNotFound, RevisionNotFound).
 */
export function sendHubError(res: ServerResponse, status: number, code: string | undefined, message: string): void {
  const body = JSON.stringify({ error: message });
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...(code && { 'X-Error-Code': code, 'X-Error-Message': message }),
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Parse a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range; undefined means "send the whole file". */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined; // multi-range or malformed: ignore, as servers may
  let start: number, end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
