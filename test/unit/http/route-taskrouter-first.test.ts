import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTaskRouterFirst } from '../../../src/http/route-taskrouter-first.js';
import { listenLocally } from '../../support/listen-locally.js';

const PATH = '/taskrouter/assignment';
let close: () => Promise<void>;
let port: number;
let app: express.Express;
const seen: { by: string; expressRequest: boolean }[] = [];

// What each handler saw: whether the request already had Express's prototype.
const note =
  (by: string): RequestHandler =>
  (req, _res, next) => {
    seen.push({ by, expressRequest: Object.getPrototypeOf(req) === app.request });
    next();
  };
const answer: RequestHandler = (req, res) => {
  res.statusCode = 200;
  res.end(`answered ${String(req.headers['x-mode'] ?? '')}`);
};
const failing: RequestHandler = (req, _res, next) => {
  const mode = req.headers['x-mode'];
  if (mode === 'next') {
    next(new Error('by next'));
    return;
  }
  if (mode === 'throw') {
    throw new Error('by throw');
  }
  if (mode === 'reject') {
    return Promise.reject(new Error('by rejection'));
  }
  next();
  return undefined;
};
// Uses Express's response methods: only there once the request failed over to Express.
const errorHandler: ErrorRequestHandler = (err: Error, req, res, _next) => {
  res.status(418).json({ error: err.message, ip: typeof req.ip, get: req.get('x-mode') ?? null });
};

beforeAll(async () => {
  app = express();
  const handlers = [note('route'), failing, answer];
  app.post(PATH, note('express'), ...handlers);
  app.use((_req, res) => {
    res.status(404).end('not found');
  });
  app.use(errorHandler);
  routeTaskRouterFirst(app, [{ path: PATH, handlers, errorHandlers: [] }], errorHandler);
  ({ port, close } = await listenLocally(app));
});
afterAll(() => close());

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('routeTaskRouterFirst', () => {
  it('runs a signed POST to the route without Express (query string included)', async () => {
    seen.length = 0;
    const res = await send('POST', `${PATH}?shard=1`, { 'x-twilio-signature': 'sig' });
    expect(res).toEqual({ status: 200, body: 'answered ' });
    expect(seen).toEqual([{ by: 'route', expressRequest: false }]);
  });

  it('hands a request without a signature, another method or another path to Express', async () => {
    seen.length = 0;
    expect((await send('POST', PATH, {})).status).toBe(200);
    expect((await send('GET', PATH, { 'x-twilio-signature': 's' })).status).toBe(404);
    expect((await send('POST', `${PATH}/x`, { 'x-twilio-signature': 's' })).status).toBe(404);
    expect(seen).toEqual([
      { by: 'express', expressRequest: true },
      { by: 'route', expressRequest: true },
    ]);
  });

  it.each(['next', 'throw', 'reject'])(
    'a failure by %s reaches the route error handlers with Express request and response',
    async (mode) => {
      const res = await send('POST', PATH, { 'x-twilio-signature': 's', 'x-mode': mode });
      expect(res.status).toBe(418);
      expect(JSON.parse(res.body)).toEqual({
        error: mode === 'reject' ? 'by rejection' : `by ${mode}`,
        ip: 'string',
        get: mode,
      });
    },
  );
});
