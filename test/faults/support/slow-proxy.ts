import { createServer, connect, type Socket } from 'node:net';
import { createRandom } from '../../support/prng.js';

/**
 * A TCP proxy between the service and redis-server that can hold back every reply chunk for a
 * random 0.5–3 s (order kept: a chunk never overtakes the one before it). Requests pass at once.
 */
export interface SlowProxy {
  readonly url: string;
  /** From now on each reply chunk waits a random time in [minMs, maxMs]; null: no delay. */
  setDelay(range: { minMs: number; maxMs: number } | null): void;
  /** Reply chunks held back so far, and the longest hold, ms. */
  readonly stats: { readonly delayed: number; readonly maxMs: number };
  close(): Promise<void>;
}

export async function startSlowProxy(upstreamPort: number, seed = 7): Promise<SlowProxy> {
  const random = createRandom(seed);
  let range: { minMs: number; maxMs: number } | null = null;
  const stats = { delayed: 0, maxMs: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ port: upstreamPort, host: '127.0.0.1' });
    sockets.add(client).add(upstream);
    // Timers per connection, released in order: the previous chunk's release bounds the next.
    let lastRelease = 0;
    upstream.on('data', (chunk: Buffer) => {
      const delay = range ? range.minMs + random.next() * (range.maxMs - range.minMs) : 0;
      const release = Math.max(lastRelease, Date.now() + delay);
      lastRelease = release;
      if (release <= Date.now()) {
        client.write(chunk);
        return;
      }
      stats.delayed += 1;
      stats.maxMs = Math.max(stats.maxMs, Math.round(release - Date.now()));
      // A proxy's own delay: the fault being injected, not a synchronisation device.
      setTimeout(() => client.writable && client.write(chunk), release - Date.now());
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    setDelay(r) {
      range = r;
    },
    stats,
    close() {
      sockets.forEach((s) => s.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
