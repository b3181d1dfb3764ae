import type { RequestHandler } from 'express';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { AppError } from '../shared/errors.js';
import { parseFormText } from './parse-form-text.js';

/** A TaskRouter callback is a few kilobytes; attributes are capped at 4,096 characters each. */
export const MAX_BODY_BYTES = 64 * 1024;
/** A callback has about a dozen fields; this leaves Twilio room to add some. */
export const MAX_FORM_PARAMS = 200;

type Inflate = (buf: Buffer, opts: { maxOutputLength: number }) => Buffer;

const INFLATE: Readonly<Record<string, Inflate>> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * The body reader of TaskRouter's two routes, in place of `express.urlencoded()`: only what a
 * callback can be. Refuses anything but a UTF-8 form (415) before reading, reads the raw bytes
 * once up to `maxBytes` (413 beyond, compressed or inflated), inflates gzip, deflate or br
 * (400 when the bytes do not match), and parses with `parseFormText` into `req.body`.
 */
export function readFormBody(opts: { maxBytes?: number; maxParams?: number } = {}): RequestHandler {
  const maxBytes = opts.maxBytes ?? MAX_BODY_BYTES;
  const maxParams = opts.maxParams ?? MAX_FORM_PARAMS;
  return function readFormBody(req, _res, next) {
    if (!isUtf8Form(req.headers['content-type'])) {
      throw new AppError('ERR_BODY_CONTENT_TYPE');
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    const inflate = encoding === 'identity' ? undefined : INFLATE[encoding];
    if (encoding !== 'identity' && !inflate) {
      throw new AppError(
        'ERR_BODY_ENCODING',
        `Content-Encoding ${JSON.stringify(encoding.slice(0, 20))} is not one of gzip, deflate, br.`,
      );
    }
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) {
      throw new AppError('ERR_BODY_TOO_LARGE');
    }
    readBody(req, maxBytes, (err, raw) => {
      if (err !== null || raw === undefined) {
        next(err ?? undefined);
        return;
      }
      try {
        const bytes = inflate ? inflateWithin(inflate, raw, maxBytes) : raw;
        req.body = parseFormText(bytes.toString('utf8'), maxParams);
      } catch (parseErr) {
        next(parseErr);
        return;
      }
      next();
    });
  };
}

function isUtf8Form(header: string | undefined): boolean {
  if (header === undefined) {
    return false;
  }
  const [type = '', ...params] = header.toLowerCase().split(';');
  if (type.trim() !== 'application/x-www-form-urlencoded') {
    return false;
  }
  // TaskRouter sends UTF-8; a form in any other charset would be decoded wrongly, so it is refused.
  return params.every((p) => {
    const [name = '', value = ''] = p.split('=');
    return name.trim() !== 'charset' || /^"?(utf-8|utf8|us-ascii)"?$/.test(value.trim());
  });
}

/** Collects the request's bytes, stopping (and leaving the rest unread) past `maxBytes`. */
function readBody(
  req: NodeJS.ReadableStream & { readonly complete?: boolean },
  maxBytes: number,
  done: (err: AppError | null, body?: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (err: AppError | null, body?: Buffer) => {
    if (finished) {
      return;
    }
    finished = true;
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    req.removeListener('error', onError);
    req.removeListener('aborted', onAborted);
    done(err, body);
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      // Node closes the connection after the answer rather than read the rest.
      req.pause();
      finish(new AppError('ERR_BODY_TOO_LARGE'));
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => finish(null, Buffer.concat(chunks, size));
  const onError = () =>
    finish(new AppError('ERR_BODY_INVALID', 'The request ended before its body did.'));
  const onAborted = onError;
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
  req.on('aborted', onAborted);
}

function inflateWithin(inflate: Inflate, raw: Buffer, maxBytes: number): Buffer {
  try {
    return inflate(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError('ERR_BODY_TOO_LARGE', undefined, { cause: err });
    }
    throw new AppError('ERR_BODY_ENCODING', undefined, { cause: err });
  }
}
