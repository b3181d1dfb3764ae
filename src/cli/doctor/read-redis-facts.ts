import { Redis } from 'ioredis';

/** What the doctor learns from Redis in one short session. */
export interface RedisFacts {
  readonly version: string;
  readonly maxmemoryPolicy: string;
  readonly aofEnabled: boolean;
  /** Median of a few PINGs, ms. */
  readonly roundTripMs: number;
}

/** `INFO` text → field map. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) {
      fields.set(line.slice(0, at), line.slice(at + 1).trim());
    }
  }
  return fields;
}

/**
 * Connects to `url` once (no retries, no offline queue, every command bounded by `timeoutMs`),
 * reads INFO and times PINGs, then disconnects.
 */
export async function readRedisFacts(
  url: string,
  opts: {
    readonly timeoutMs: number;
    readonly tlsRejectUnauthorized: boolean;
    readonly now: () => number;
  },
): Promise<RedisFacts> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: opts.timeoutMs,
    commandTimeout: opts.timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    ...(url.startsWith('rediss://') && { tls: { rejectUnauthorized: opts.tlsRejectUnauthorized } }),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = parseInfo(await client.info());
    const times: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const start = opts.now();
      await client.ping();
      times.push(opts.now() - start);
    }
    times.sort((a, b) => a - b);
    return {
      version: info.get('redis_version') ?? 'unknown',
      maxmemoryPolicy: info.get('maxmemory_policy') ?? 'unknown',
      aofEnabled: info.get('aof_enabled') === '1',
      roundTripMs: times[2] ?? 0,
    };
  } finally {
    client.disconnect();
  }
}
