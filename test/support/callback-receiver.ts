import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook the receiver got. */
export interface ReceivedCallback {
  readonly path: string;
  readonly params: Record<string, string>;
  readonly headers: IncomingMessage['headers'];
}

/** How the receiver answers one webhook; `after` holds the answer until it resolves. */
export interface CallbackAnswer {
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly after?: Promise<unknown>;
}

/**
 * A stand-in for the service's webhook endpoints: records every form POST and answers as the
 * test says (by default 200 `{}` with `Content-Type: application/json`).
 */
export async function startCallbackReceiver(
  answer: (cb: ReceivedCallback) => CallbackAnswer = () => ({}),
): Promise<{ url: string; received: ReceivedCallback[]; close(): Promise<void> }> {
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const cb: ReceivedCallback = {
        path: req.url ?? '/',
        params: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
        headers: req.headers,
      };
      received.push(cb);
      const a = answer(cb);
      void (a.after ?? Promise.resolve()).then(() => {
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
        res.end(a.body ?? '{}');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
