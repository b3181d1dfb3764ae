import type { IncomingMessage } from 'node:http';

/** A request as the simulator reads it, fields keeping every occurrence of a key. */
export interface ReadRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string[]>;
  /** Lower-case names, `authorization` included (the ledger drops it). */
  readonly headers: Record<string, string>;
  /** Media type without parameters; null when absent. */
  readonly contentType: string | null;
  /** Parsed only for `application/x-www-form-urlencoded` bodies. */
  readonly form: Record<string, string[]>;
  readonly bodyLength: number;
}

/** Bodies above this are refused: TaskRouter updates are a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request body above `MAX_BODY_BYTES` (answered 413). */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body above ${MAX_BODY_BYTES} bytes`);
    this.name = new.target.name;
  }
}

/** Reads the whole body and splits the request into the parts routing and validation use. */
export async function readRequest(req: IncomingMessage): Promise<ReadRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new BodyTooLargeError();
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  const contentType = headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? null;
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: collect(url.searchParams),
    headers,
    contentType,
    form:
      contentType === 'application/x-www-form-urlencoded' ? collect(new URLSearchParams(body)) : {},
    bodyLength: size,
  };
}

function collect(params: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of params) {
    (out[k] ??= []).push(v);
  }
  return out;
}
