/** Timeouts and bounded retries for hub requests. */
import { HubApiError } from '@huggingface/hub';
import { InputError } from '@peftbench/util';

export interface NetworkOptions {
  /**
   * A request that sends nothing (no headers, no body bytes) for this long is aborted and retried.
   * Default: HF_HUB_DOWNLOAD_TIMEOUT (seconds, huggingface_hub's variable), else 30 s.
   */
  timeoutMs?: number;
  /** Attempts after the first for a failed download (network error, stall, 5xx / 429, truncated or wrong bytes). Default 3. */
  retries?: number;
  /** Wait before retry k (k = 1, 2, ...) is retryDelayMs * 2^(k-1). Default 1000. */
  retryDelayMs?: number;
}

export function networkSettings(opts: NetworkOptions = {}, env: NodeJS.ProcessEnv = process.env): Required<NetworkOptions> {
  const envTimeout = Number(env.HF_HUB_DOWNLOAD_TIMEOUT);
  return {
    timeoutMs: opts.timeoutMs ?? (Number.isFinite(envTimeout) && envTimeout > 0 ? envTimeout * 1000 : 30_000),
    retries: opts.retries ?? 3,
    retryDelayMs: opts.retryDelayMs ?? 1000,
  };
}

export class StallError extends Error {
  constructor(url: string, ms: number) {
    super(`no data from ${url} for ${ms / 1000} s (stalled; timeout from HF_HUB_DOWNLOAD_TIMEOUT or the timeoutMs option)`);
    this.name = 'StallError';
  }
}

/**
 * A `fetch` whose request is aborted when the server goes quiet for `timeoutMs`: before the headers,
 * and between body chunks (the timer restarts on every chunk). Passed to @huggingface/hub's calls as
 * their `fetch` option, so its downloads get the same guard.
 */
export function guardedFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const ctl = new AbortController();
    if (init?.signal) init.signal.addEventListener('abort', () => ctl.abort(init.signal!.reason), { once: true });
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ctl.abort(new StallError(url, timeoutMs)), timeoutMs);
      timer.unref();
    };
    arm();
    let resp: Response;
    try {
      resp = await fetch(input, { ...init, signal: ctl.signal });
    } catch (err) {
      clearTimeout(timer);
      throw ctl.signal.aborted && ctl.signal.reason instanceof StallError ? ctl.signal.reason : err;
    }
    if (!resp.body) {
      clearTimeout(timer);
      return resp;
    }
    arm();
    const watched = resp.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctrl) {
          arm();
          ctrl.enqueue(chunk);
        },
        flush() {
          clearTimeout(timer);
        },
      }),
    );
    // The aborted request errors the body with an AbortError; say why instead.
    const reader = watched.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        try {
          const { done, value } = await reader.read();
          if (done) ctrl.close();
          else ctrl.enqueue(value);
        } catch (err) {
          clearTimeout(timer);
          ctrl.error(ctl.signal.reason instanceof StallError ? ctl.signal.reason : err);
        }
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    });
    const out = new Response(body, { status: resp.status, statusText: resp.statusText, headers: resp.headers });
    // keep where the request ended up (after redirects): @huggingface/hub downloads from resp.url
    Object.defineProperty(out, 'url', { value: resp.url });
    Object.defineProperty(out, 'redirected', { value: resp.redirected });
    return out;
  };
}

/** 4xx answers (except 408 / 429) and input errors are final; everything else may be transient. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof InputError) return false;
  if (err instanceof HubApiError) return err.statusCode >= 500 || err.statusCode === 408 || err.statusCode === 429;
  return true;
}

/**
 * Run `attempt` up to 1 + retries times while it fails with a retryable error, waiting
 * retryDelayMs * 2^(k-1) before retry k; `onRetry` hears about each failure that is retried.
 */
export async function withRetries<T>(
  settings: Required<NetworkOptions>,
  attempt: (k: number) => Promise<T>,
  onRetry?: (err: unknown, k: number) => void,
): Promise<T> {
  for (let k = 0; ; k++) {
    try {
      return await attempt(k);
    } catch (err) {
      if (k >= settings.retries || !isRetryable(err)) {
        if (k > 0 && err instanceof Error) err.message += ` (after ${k + 1} attempts)`;
        throw err;
      }
      onRetry?.(err, k + 1);
      await new Promise((ok) => setTimeout(ok, settings.retryDelayMs * 2 ** k));
    }
  }
}

/** A network error in words: undici's bare "terminated" / "fetch failed" say little on their own. */
export function describeNetworkError(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause ? `: ${cause.code ?? cause.message}` : '';
  if (e.message === 'terminated') return `the connection closed before the whole file arrived (terminated${detail})`;
  if (e.message === 'fetch failed') return `cannot reach the server (fetch failed${detail})`;
  return `${e.message}${detail}`;
}
