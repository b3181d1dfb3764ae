import express from 'express';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../../../src/http/error-handler.js';
import { MAX_BODY_BYTES, readFormBody } from '../../../src/http/read-form-body.js';
import { verifyTwilioSignature } from '../../../src/http/verify-twilio-signature.js';
import { signForm } from '../../support/sign-callback.js';
import { listenLocally } from '../../support/listen-locally.js';

const TOKEN = 'unit-auth-token';
const BASE = 'https://assigner.example.com';
const PATH = '/taskrouter/assignment';
const FORM = 'application/x-www-form-urlencoded';

let close: () => Promise<void>;
let port: number;

beforeAll(async () => {
  // The real reader, the real signature check and the real error handler; the route echoes what it read.
  const app = express();
  app.post(
    PATH,
    readFormBody(),
    verifyTwilioSignature({ authTokens: [TOKEN], publicBaseUrl: BASE }),
    (req, res) => {
      res.json({ body: req.body as unknown });
    },
  );
  app.use(createErrorHandler(pino({ level: 'silent' })));
  ({ port, close } = await listenLocally(app));
});
afterAll(() => close());

interface Answer {
  status: number;
  json: { error?: string; message?: string; body?: Record<string, unknown> };
}

/** Sends the exact bytes, optionally without a Content-Length (chunked). */
function post(
  body: Buffer | string,
  headers: Record<string, string>,
  opts: { chunked?: boolean } = {},
): Promise<Answer> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: PATH,
        method: 'POST',
        headers: opts.chunked ? headers : { ...headers, 'content-length': String(bytes.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString()) as Answer['json'],
          }),
        );
      },
    );
    req.on('error', reject);
    // A server that answers before reading everything may close the socket under the writer.
    req.end(bytes);
  });
}

function signed(params: Record<string, string>) {
  return signForm(TOKEN, BASE + PATH, params);
}

describe('readFormBody (the body reader of the TaskRouter routes)', () => {
  it('when a signed form arrives, then it is parsed flat and the signature over the raw params passes', async () => {
    const { body, signature } = signed({
      ReservationSid: 'WR1',
      TaskAttributes: '{"a":"b c+d&é"}',
      'x[y]': '1',
    });
    const res = await post(body, {
      'content-type': `${FORM}; charset=UTF-8`,
      'x-twilio-signature': signature,
    });
    expect(res.status).toBe(200);
    expect(res.json.body).toEqual({
      ReservationSid: 'WR1',
      TaskAttributes: '{"a":"b c+d&é"}',
      'x[y]': '1',
    });
  });

  it('when a signed form is gzipped, then it is inflated and accepted', async () => {
    const { body, signature } = signed({ ReservationSid: 'WR2' });
    const res = await post(gzipSync(body), {
      'content-type': FORM,
      'content-encoding': 'gzip',
      'x-twilio-signature': signature,
    });
    expect(res.status).toBe(200);
    expect(res.json.body).toEqual({ ReservationSid: 'WR2' });
  });

  it('when a key is sent twice, then both values are kept and signed over', async () => {
    const body = 'A=1&A=2&B=3';
    const sent = { A: ['1', '2'], B: '3' } as unknown as Record<string, string>;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, BASE + PATH, sent);
    const res = await post(body, { 'content-type': FORM, 'x-twilio-signature': signature });
    expect(res.status).toBe(200);
    expect(res.json.body).toEqual({ A: ['1', '2'], B: '3' });
  });

  it.each<[string, number, string, Buffer | string, Record<string, string>, { chunked?: boolean }]>(
    [
      [
        'a body over the cap (Content-Length)',
        413,
        'ERR_BODY_TOO_LARGE',
        `a=${'x'.repeat(MAX_BODY_BYTES)}`,
        {},
        {},
      ],
      [
        'a body over the cap (chunked, no length)',
        413,
        'ERR_BODY_TOO_LARGE',
        `a=${'x'.repeat(MAX_BODY_BYTES)}`,
        {},
        { chunked: true },
      ],
      [
        'a gzip body that inflates past the cap',
        413,
        'ERR_BODY_TOO_LARGE',
        gzipSync(`a=${'x'.repeat(4 * MAX_BODY_BYTES)}`),
        { 'content-encoding': 'gzip' },
        {},
      ],
      [
        'more than 200 fields',
        413,
        'ERR_BODY_TOO_LARGE',
        Array.from({ length: 201 }, (_, i) => `p${i}=1`).join('&'),
        {},
        {},
      ],
      [
        'a garbage gzip body',
        400,
        'ERR_BODY_ENCODING',
        'not gzip at all',
        { 'content-encoding': 'gzip' },
        {},
      ],
      [
        'a garbage br body',
        400,
        'ERR_BODY_ENCODING',
        'not brotli',
        { 'content-encoding': 'br' },
        {},
      ],
      [
        'an unknown Content-Encoding',
        400,
        'ERR_BODY_ENCODING',
        'a=b',
        { 'content-encoding': 'x-rot13' },
        {},
      ],
      ['a malformed percent-escape (%zz)', 400, 'ERR_BODY_INVALID', 'a=%zz', {}, {}],
      ['a truncated percent-escape at the end', 400, 'ERR_BODY_INVALID', 'a=b%2', {}, {}],
      [
        'a JSON content type',
        415,
        'ERR_BODY_CONTENT_TYPE',
        '{"a":1}',
        { 'content-type': 'application/json' },
        {},
      ],
      [
        'a form in latin-1',
        415,
        'ERR_BODY_CONTENT_TYPE',
        'a=b',
        { 'content-type': `${FORM}; charset=iso-8859-1` },
        {},
      ],
    ],
  )(
    'when the request has %s, then %i %s with a reason and no stack',
    async (_name, status, code, body, headers, opts) => {
      const res = await post(
        body,
        { 'content-type': FORM, 'x-twilio-signature': 'x', ...headers },
        opts,
      );
      expect(res.status).toBe(status);
      expect(res.json).toEqual({ error: code, message: expect.stringMatching(/\w/) as unknown });
      expect(JSON.stringify(res.json)).not.toMatch(/at \w+ \(|node:internal/);
    },
  );

  it('when the signature header is missing, then 400 ERR_SIGNATURE_MISSING', async () => {
    const { body } = signed({ ReservationSid: 'WR3' });
    const res = await post(body, { 'content-type': FORM });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('ERR_SIGNATURE_MISSING');
  });

  it('when one parameter was changed after signing, then 403 ERR_SIGNATURE_INVALID', async () => {
    const { body, signature } = signed({ ReservationSid: 'WR4', TaskAttributes: '{"vip":false}' });
    const forged = body.replace('false', 'true');
    const res = await post(forged, { 'content-type': FORM, 'x-twilio-signature': signature });
    expect(res.status).toBe(403);
    expect(res.json.error).toBe('ERR_SIGNATURE_INVALID');
  });

  it('when a parameter was added after signing, then 403 ERR_SIGNATURE_INVALID', async () => {
    const { body, signature } = signed({ ReservationSid: 'WR5' });
    const res = await post(`${body}&Extra=1`, {
      'content-type': FORM,
      'x-twilio-signature': signature,
    });
    expect(res.status).toBe(403);
  });
});
