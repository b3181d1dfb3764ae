import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and returns the bound port and a URL a local client can use. */
export async function listen(
  server: Server,
  port: number,
  host: string,
): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { port: bound, url: `http://${urlHost}:${bound}` };
}
