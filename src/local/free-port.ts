import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 15_000;

/**
 * A TCP port nothing listens on now, for a server about to be started by another process (a
 * private redis-server, a service process in the tests and the bench).
 *
 * Why not simply listen on port 0 and hand that port over: the kernel takes such ports from its
 * ephemeral range, the same range every outgoing connection's local port comes from, so in the
 * second between closing it and the child binding it, a parallel test's connection or another
 * `listen(0)` could take it (the child then dies with EADDRINUSE). A random port below that range
 * is never handed out by the kernel, only by another call of this function; the bind check below
 * rules out a port taken for good. Falls back to port 0 when the range leaves no room below it.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralLow();
  if (below - LOWEST >= 1000) {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const port = LOWEST + Math.floor(Math.random() * (below - LOWEST));
      if ((await tryListen(port)) !== undefined) {
        return port;
      }
    }
  }
  const any = await tryListen(0);
  if (any === undefined) {
    throw new Error('no free TCP port: could not listen on port 0 either');
  }
  return any;
}

function ephemeralLow(): number {
  try {
    const low = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0],
    );
    return Number.isInteger(low) && low > 0 ? low : 32_768;
  } catch {
    // Not Linux: IANA's dynamic range, which macOS and Windows use.
    return 49_152;
  }
}

/**
 * Listens on `port` on every address (IPv4 and IPv6, as a service bound to `::` would), closes,
 * and returns the port; undefined when it is taken.
 */
function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EAFNOSUPPORT' || err.code === 'EADDRNOTAVAIL') {
        // No IPv6 on this host: the loopback address is what matters then.
        const v4 = createServer();
        v4.once('error', () => resolve(undefined));
        v4.listen(port, '127.0.0.1', () => {
          const addr = v4.address();
          v4.close(() => resolve(typeof addr === 'object' && addr ? addr.port : undefined));
        });
        return;
      }
      resolve(undefined);
    });
    srv.listen(port, '::', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : undefined));
    });
  });
}
