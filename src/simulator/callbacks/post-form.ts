import { request as httpRequest, type Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';

/** What came back from a form POST; `status` null for a timeout or network error. */
export interface PostResult {
  readonly status: number | null;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Real milliseconds. */
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly error?: string;
}

export interface PostFormOptions {
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** Real milliseconds after which the request is abandoned. */
  readonly timeoutMs: number;
  readonly agents: { readonly http: HttpAgent; readonly https: HttpsAgent };
}

/**
 * POSTs `params` form-encoded, as Twilio sends webhooks; never rejects. A plain `node:http`
 * client: the callbacks of a load rehearsal should cost the simulator as little as possible.
 */
export function postForm(opts: PostFormOptions): Promise<PostResult> {
  const started = performance.now();
  const body = new URLSearchParams(opts.params).toString();
  const target = new URL(opts.url);
  const isHttps = target.protocol === 'https:';
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<PostResult, 'durationMs'>) => {
      if (!settled) {
        settled = true;
        resolve({ ...r, durationMs: performance.now() - started });
      }
    };
    const req = (isHttps ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        agent: isHttps ? opts.agents.https : opts.agents.http,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) =>
          finish({ status: null, headers: {}, body: '', timedOut: false, error: err.message }),
        );
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) {
              headers[k] = Array.isArray(v) ? v.join(', ') : v;
            }
          }
          finish({
            status: res.statusCode ?? null,
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
            timedOut: false,
          });
        });
      },
    );
    const timer = setTimeout(() => {
      finish({
        status: null,
        headers: {},
        body: '',
        timedOut: true,
        error: `no answer within ${opts.timeoutMs} ms`,
      });
      req.destroy();
    }, opts.timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({
        status: null,
        headers: {},
        body: '',
        timedOut: false,
        // Groupable: a reset on a reused pooled connection is the keep-alive race (issue 14).
        error: `${err.code ?? err.message} on a ${req.reusedSocket ? 'reused' : 'new'} connection`,
      }),
    );
    req.end(body);
  });
}
