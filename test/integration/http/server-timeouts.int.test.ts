import { connect, type Socket } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type HttpServerLimits } from '../../../src/config/env.js';
import { listenHttp } from '../../../src/entry/listen-http.js';

const REQUIRED = {
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'secret-token',
  PUBLIC_BASE_URL: 'https://assigner.example.com',
};

/** The web server's limits as the entry files get them, from these variables. */
function limitsFrom(env: Record<string, string>): HttpServerLimits {
  return loadConfig({ ...REQUIRED, ...env }).http;
}

const BODY = 'TaskSid=WT1';
const REQUEST =
  'POST /taskrouter/assignment HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n' +
  `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`;

function answerOk(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
}

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.destroy());
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((resolve) => {
          s.closeAllConnections();
          s.close(resolve);
        }),
    ),
  );
});

async function serve(limits: HttpServerLimits): Promise<number> {
  const server = await listenHttp(answerOk, 0, limits, '127.0.0.1');
  servers.push(server);
  return (server.address() as { port: number }).port;
}

/**
 * A client connection seen from the wire: what arrived, whether the server sent its FIN, and
 * how it ended. `allowHalfOpen` keeps it writable after the server's FIN, as a pooled socket is
 * in the moment before its owner reads that FIN: exactly the window of the race.
 */
function open(port: number) {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  sockets.push(socket);
  let received = '';
  let serverClosed = false;
  let error: string | undefined;
  const waiters = new Set<() => void>();
  const wake = () => [...waiters].forEach((w) => w());
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    received += d;
    wake();
  });
  socket.on('end', () => {
    serverClosed = true;
    wake();
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    error = err.code ?? err.message;
    wake();
  });
  socket.on('close', wake);
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      const w = () => {
        if (check()) {
          waiters.delete(w);
          resolve();
        }
      };
      waiters.add(w);
      w();
    });
  const answers = () => received.match(/HTTP\/1\.1 \d{3}/g) ?? [];
  return {
    socket,
    answers,
    get serverClosed() {
      return serverClosed;
    },
    get error() {
      return error;
    },
    /** Resolves when `n` answers arrived or the connection ended, whichever first. */
    answered: (n: number) =>
      until(() => answers().length >= n || error !== undefined || socket.destroyed),
    until,
  };
}

/**
 * One request, then the connection sits idle in the client's pool until the client reuses it:
 * when the pool's own idle clock says it is still good (`reuseAfterMs`), or at once when the
 * server's FIN arrives (a request that crossed the FIN on the wire, the race at full speed).
 */
async function reuseAfterIdle(limits: HttpServerLimits, reuseAfterMs: number) {
  const conn = open(await serve(limits));
  conn.socket.write(REQUEST);
  await conn.answered(1);
  expect(conn.answers()).toEqual(['HTTP/1.1 200']);
  let poolClock: NodeJS.Timeout | undefined;
  const poolSaysReuse = new Promise<void>((resolve) => {
    // The client pool's idle clock: part of the scenario modelled, not a synchronisation.
    poolClock = setTimeout(resolve, reuseAfterMs);
  });
  await Promise.race([poolSaysReuse, conn.until(() => conn.serverClosed)]);
  clearTimeout(poolClock);
  const closedByServerBeforeReuse = conn.serverClosed;
  conn.socket.write(REQUEST);
  if (closedByServerBeforeReuse) {
    // The client reads the FIN its request crossed and closes its side too, as Node's http
    // client does; the request is never answered ("socket hang up", ECONNRESET, to the caller).
    conn.socket.end();
  }
  await conn.answered(2);
  return {
    closedByServerBeforeReuse,
    secondAnswered: conn.answers().length === 2,
    clientSaw: conn.error ?? (conn.answers().length === 2 ? 'HTTP/1.1 200' : 'closed, no answer'),
  };
}

// The client pools connections and reuses one idle for POOL_IDLE_MS (a load balancer idles them
// up to 60 s; TaskRouter's pool for as long as it likes). Node 20 closes an idle keep-alive
// connection about a second after keepAliveTimeout (it announces `Keep-Alive: timeout=N` and
// keeps a margin), so Node's 5 s default is scaled to 50 ms (+ Node's own second).
const POOL_IDLE_MS = 2000;
describe('web server connection limits (listenHttp with the HTTP_* variables)', () => {
  it("when a pooled connection is reused after the server's keep-alive ran out (Node's 5 s default), then the server closed it first and the request dies with a connection reset, before any handler", async () => {
    const old = { ...limitsFrom({}), keepAliveTimeoutMs: 50 };
    const r = await reuseAfterIdle(old, POOL_IDLE_MS);
    expect(r.closedByServerBeforeReuse).toBe(true);
    expect(r.secondAnswered).toBe(false);
    expect(['ECONNRESET', 'EPIPE', 'closed, no answer']).toContain(r.clientSaw);
  });

  it('when HTTP_KEEP_ALIVE_TIMEOUT_MS is above the pool idle time, then the reused connection is still open and the request is answered, even though it sat idle longer than HTTP_HEADERS_TIMEOUT_MS', async () => {
    const limits = limitsFrom({
      HTTP_KEEP_ALIVE_TIMEOUT_MS: String(POOL_IDLE_MS + 500),
      HTTP_HEADERS_TIMEOUT_MS: '50',
      HTTP_REQUEST_TIMEOUT_MS: '100',
    });
    const r = await reuseAfterIdle(limits, POOL_IDLE_MS);
    expect(r).toEqual({
      closedByServerBeforeReuse: false,
      secondAnswered: true,
      clientSaw: 'HTTP/1.1 200',
    });
  });

  it('when a body trickles in slower than HTTP_REQUEST_TIMEOUT_MS, then the server answers 408 and closes the connection (checked often, not every 30 s)', async () => {
    const limits = limitsFrom({ HTTP_HEADERS_TIMEOUT_MS: '100', HTTP_REQUEST_TIMEOUT_MS: '300' });
    const conn = open(await serve(limits));
    conn.socket.write(
      'POST /taskrouter/assignment HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nTaskSid=',
    );
    // The test's own bound (vitest's 30 s) is below Node's default check interval plus the
    // old 10 s request timeout, so with the old server this waits in vain.
    await conn.until(() => conn.socket.destroyed || conn.serverClosed);
    expect(conn.answers()).toEqual(['HTTP/1.1 408']);
  });

  it('when more connections arrive than HTTP_MAX_CONNECTIONS, then the extra one is closed on arrival and the others are still answered', async () => {
    const port = await serve(limitsFrom({ HTTP_MAX_CONNECTIONS: '2' }));
    const first = open(port);
    const second = open(port);
    for (const c of [first, second]) {
      c.socket.write(REQUEST);
      await c.answered(1);
    }
    const extra = open(port);
    await extra.until(() => extra.socket.destroyed || extra.serverClosed);
    expect(extra.answers()).toEqual([]);
    first.socket.write(REQUEST);
    await first.answered(2);
    expect(first.answers()).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
  });
});
