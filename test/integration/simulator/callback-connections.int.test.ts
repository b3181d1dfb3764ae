import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignedPoster } from '../../../src/simulator/callbacks/create-signed-poster.js';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

function listen<T extends Server | NetServer>(server: T): Promise<string> {
  closers.push(() => server.close());
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/cb`);
    }),
  );
}

describe("the simulator's callback client (TaskRouter's pooled connections)", () => {
  it("when a pooled connection idles, then the client closes it before the server's announced keep-alive would, so no request can cross the server's FIN", async () => {
    const server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    // Announced to the client as `Keep-Alive: timeout=2`; Node itself would close at ~3 s.
    server.keepAliveTimeout = 2000;
    let sockets = 0;
    const closedBy = new Promise<'client' | 'server'>((resolve) => {
      server.on('connection', (s: Socket) => {
        sockets += 1;
        // 'end' means the client's FIN arrived: the client closed first.
        s.on('end', () => resolve('client'));
        s.on('close', () => resolve('server'));
      });
    });
    const url = await listen(server);
    const poster = createSignedPoster('token');
    closers.push(() => poster.close());
    expect((await poster.post(url, { A: '1' }, 5000)).status).toBe(200);
    expect((await poster.post(url, { A: '2' }, 5000)).status).toBe(200);
    expect(sockets).toBe(1);
    expect(await closedBy).toBe('client');
  });

  it('when a connection is reset before an answer, then the failure is reported with its code and whether the connection was reused (TaskRouter does not retry it)', async () => {
    const server = createNetServer((s) => s.once('data', () => s.resetAndDestroy()));
    const url = await listen(server);
    const poster = createSignedPoster('token');
    closers.push(() => poster.close());
    const res = await poster.post(url, { A: '1' }, 5000);
    expect(res).toMatchObject({
      status: null,
      timedOut: false,
      error: 'ECONNRESET on a new connection',
    });
  });
});
