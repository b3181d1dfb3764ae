import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeadlineHttpClient } from '../../../src/taskrouter/create-deadline-http-client.js';
import { listenLocally } from '../../support/listen-locally.js';

let port: number;
let close: () => Promise<void>;
const http = createDeadlineHttpClient();

beforeAll(async () => {
  ({ port, close } = await listenLocally((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('ETag', `"${req.url ?? ''}"`);
    res.end('{}');
  }));
});
afterAll(async () => {
  http.destroy();
  await close();
});

const get = (path: string) =>
  http.httpClient.request({
    method: 'get',
    uri: `http://127.0.0.1:${port}${path}`,
    username: 'AC0',
    password: 'token',
  });

describe('createDeadlineHttpClient', () => {
  it('hands a call its context when the request is made at once, as the twilio library does', async () => {
    const ctx: { timeoutMs: number; headers?: Record<string, unknown> } = { timeoutMs: 1000 };
    await http.run(ctx, () => get('/now'));
    expect(ctx.headers?.etag).toBe('"/now"');
  });

  it('refuses a call whose request would go out later without its deadline', async () => {
    const ctx: { timeoutMs: number; headers?: Record<string, unknown> } = { timeoutMs: 1000 };
    const later = async () => {
      await Promise.resolve();
      return get('/later');
    };
    await expect(http.run(ctx, later)).rejects.toThrow(/did not send its request at once/);
    // The next call is not handed the refused one's context.
    const next: { timeoutMs: number; headers?: Record<string, unknown> } = { timeoutMs: 1000 };
    await http.run(next, () => get('/next'));
    expect(next.headers?.etag).toBe('"/next"');
    expect(ctx.headers).toBeUndefined();
  });

  it('gives every request of a paged call its context, later ones included', async () => {
    const ctx: { timeoutMs: number; headers?: Record<string, unknown> } = { timeoutMs: 1000 };
    await http.run(
      ctx,
      async () => {
        await get('/page-1');
        return get('/page-2');
      },
      { paged: true },
    );
    expect(ctx.headers?.etag).toBe('"/page-2"');
  });

  it('passes on an error thrown before any request, and forgets the context', async () => {
    const ctx = { timeoutMs: 1000 };
    expect(() =>
      http.run(ctx, () => {
        throw new Error('before the request');
      }),
    ).toThrow('before the request');
    const next: { timeoutMs: number; headers?: Record<string, unknown> } = { timeoutMs: 1000 };
    await http.run(next, () => get('/after-throw'));
    expect(next.headers?.etag).toBe('"/after-throw"');
  });
});
