import { fail, ok, skip, type CheckResult } from './check-result.js';
import type { RedisFacts } from './read-redis-facts.js';

const MIN_VERSION = [6, 2];

function atLeast(version: string, min: readonly number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < min.length; i += 1) {
    const have = parts[i] ?? 0;
    const want = min[i] ?? 0;
    if (Number.isNaN(have) || have !== want) {
      return have > want;
    }
  }
  return true;
}

/**
 * Redis lines of the checklist from what was read (or why it could not be): reachable, version,
 * eviction policy, AOF, round trip against `roundTripBudgetMs`.
 */
export function checkRedis(
  facts: RedisFacts | Error,
  where: string,
  roundTripBudgetMs: number,
): CheckResult[] {
  const names = [
    'Redis version',
    'Redis maxmemory-policy',
    'Redis persistence',
    'Redis round trip',
  ];
  if (facts instanceof Error) {
    return [
      fail(
        'Redis reachable',
        `${where}: ${facts.message}`,
        'check REDIS_URL (host, port, password, rediss:// for TLS) and that Redis is running',
      ),
      ...names.map((n) => skip(n, 'Redis is not reachable')),
    ];
  }
  return [
    ok('Redis reachable', where),
    atLeast(facts.version, MIN_VERSION)
      ? ok('Redis version', facts.version)
      : fail(
          'Redis version',
          `${facts.version} is older than 6.2`,
          'upgrade Redis to 6.2 or later (BullMQ needs it)',
        ),
    facts.maxmemoryPolicy === 'noeviction'
      ? ok('Redis maxmemory-policy', 'noeviction')
      : fail(
          'Redis maxmemory-policy',
          `${facts.maxmemoryPolicy}: Redis may evict queued jobs and reservation records under memory pressure`,
          "set maxmemory-policy noeviction (CONFIG SET maxmemory-policy noeviction, or the provider's setting)",
        ),
    facts.aofEnabled
      ? ok('Redis persistence', 'AOF on')
      : fail(
          'Redis persistence',
          'AOF is off: a restart loses queued updates and records written since the last snapshot',
          "set appendonly yes (CONFIG SET appendonly yes, then persist it in redis.conf or the provider's setting)",
        ),
    facts.roundTripMs <= roundTripBudgetMs
      ? ok(
          'Redis round trip',
          `${facts.roundTripMs.toFixed(1)} ms (budget ${roundTripBudgetMs} ms)`,
        )
      : fail(
          'Redis round trip',
          `${facts.roundTripMs.toFixed(1)} ms, more than ${roundTripBudgetMs} ms: every callback waits for Redis`,
          'run Redis in the same region/network as the service, or check its load',
        ),
  ];
}
