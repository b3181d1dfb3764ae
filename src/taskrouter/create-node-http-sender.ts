import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type twilio from 'twilio';

type RequestOptions = Parameters<twilio.RequestClient['request']>[0];

/** What the twilio library reads of a response: its status, body (JSON text) and headers. */
export interface SentResponse {
  readonly statusCode: number;
  readonly body: string;
  readonly headers: Record<string, unknown>;
}

/** A request that outlived its timeout; `ETIMEDOUT` as the classifier reads network codes. */
export class RequestTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
    this.name = new.target.name;
  }
}

// A TaskRouter answer is a few KB; anything far larger is not one, and is not held in memory.
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Sends the twilio library's requests with `node:http`/`node:https` and kept-alive agents, in
 * place of the library's axios: a REST update costs the worker a fraction of the CPU. It keeps
 * what the library relies on: form bodies with repeated keys for arrays, basic auth (or the
 * library's auth strategy), no redirects followed, every status resolved (the library turns
 * 4xx/5xx into RestException), network failures rejected with Node's error codes, and `timeoutMs`
 * bounding the whole exchange, not just an idle socket.
 * @example const send = createNodeHttpSender({ maxSockets: 50 }); await send(opts, 2000);
 */
export function createNodeHttpSender(opts: { maxSockets: number; keepAliveMsecs?: number }) {
  const agentOpts = {
    keepAlive: true,
    keepAliveMsecs: opts.keepAliveMsecs ?? 1000,
    maxSockets: opts.maxSockets,
    maxTotalSockets: opts.maxSockets,
    maxFreeSockets: opts.maxSockets,
    scheduling: 'lifo' as const,
  };
  const agents = { http: new HttpAgent(agentOpts), https: new HttpsAgent(agentOpts) };

  async function send(o: RequestOptions, timeoutMs: number): Promise<SentResponse> {
    const url = new URL(o.uri);
    appendParams(url.searchParams, o.params);
    const headers: Record<string, string> = { ...(o.headers as Record<string, string>) };
    if (o.username && o.password) {
      headers.Authorization = `Basic ${Buffer.from(`${o.username}:${o.password}`).toString('base64')}`;
    } else if (o.authStrategy) {
      headers.Authorization = await o.authStrategy.getAuthString();
    }
    const body = encodeBody(headers['Content-Type'], o.data);
    if (body !== undefined) {
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const secure = url.protocol === 'https:';
    return new Promise<SentResponse>((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method: o.method.toUpperCase(), headers, agent: secure ? agents.https : agents.http },
        (res) => {
          readBody(res).then(
            (text) => {
              clearTimeout(timer);
              resolve({ statusCode: res.statusCode ?? 0, body: text, headers: res.headers });
            },
            (err: unknown) => {
              clearTimeout(timer);
              reject(err instanceof Error ? err : new Error(String(err)));
            },
          );
        },
      );
      const timer = setTimeout(() => req.destroy(new RequestTimeoutError(timeoutMs)), timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end(body);
    });
  }

  return {
    send,
    /** Closes the kept-alive sockets (at shutdown). */
    destroy(): void {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.destroy(new Error(`answer larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () =>
      reject(Object.assign(new Error('answer aborted'), { code: 'ECONNRESET' })),
    );
  });
}

// The library sends form bodies as `qs.stringify(data, { arrayFormat: 'repeat' })`.
function encodeBody(contentType: string | undefined, data: unknown): string | undefined {
  if (data === undefined || data === null) {
    return undefined;
  }
  if (contentType === 'application/json') {
    return JSON.stringify(data);
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams();
    appendParams(form, data);
    return form.toString();
  }
  return undefined;
}

function appendParams(target: URLSearchParams, params: unknown): void {
  if (!params || typeof params !== 'object') {
    return;
  }
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (v !== undefined && v !== null) {
        target.append(key, typeof v === 'string' ? v : JSON.stringify(v));
      }
    }
  }
}
