import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../src/local/free-port.js';

function ephemeralLow(): number | undefined {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
  } catch {
    return undefined;
  }
}

describe('freePort', () => {
  it('when asked, then it gives a port below the kernel ephemeral range (which outgoing connections and listen(0) draw from) that can be listened on', async () => {
    const low = ephemeralLow();
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(15_000);
      if (low !== undefined && low > 16_000) {
        expect(port).toBeLessThan(low);
      }
    }
    const port = ports[0] ?? 0;
    const srv = createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, '::', resolve);
    });
    await new Promise((resolve) => srv.close(resolve));
  });
});
