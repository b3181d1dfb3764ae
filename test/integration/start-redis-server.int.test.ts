import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';

const started: RedisServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

describe('startRedisServer (tests, bench and local mode)', () => {
  it('when another Redis already listens on the port asked for, then it is refused rather than taken for the new server', async () => {
    const other = await startRedisServer();
    started.push(other);
    await expect(startRedisServer({ port: other.port })).rejects.toThrow(
      /exited at start on port \d+ .*Address already in use/,
    );
  });

  it("when something that is not Redis holds the port (it accepts and never answers), then the start is refused with Redis's own reason instead of waiting on it", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(startRedisServer({ port })).rejects.toThrow(/Address already in use/);
    } finally {
      silent.close();
    }
  });

  it('when no port is asked for, then each server gets its own, answering with its own pid', async () => {
    const servers = await Promise.all([startRedisServer(), startRedisServer(), startRedisServer()]);
    started.push(...servers);
    expect(new Set(servers.map((s) => s.port)).size).toBe(3);
    expect(servers.every((s) => typeof s.pid === 'number')).toBe(true);
  });
});
