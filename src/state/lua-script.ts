import { createHash } from 'node:crypto';
import type { RedisClient } from '../shared/create-redis.js';

/** A Lua script run by its SHA1, so Redis neither receives nor hashes its text on every call. */
export type LuaScript = (
  redis: RedisClient,
  keys: readonly string[],
  args: readonly string[],
) => Promise<unknown>;

/**
 * EVALSHA, then EVAL once when the server does not know the script yet (a new or restarted
 * Redis, a failover): the text is sent only then, and Redis keeps it for the next calls.
 * @example const run = luaScript('return redis.call("GET", KEYS[1])'); await run(redis, [key], []);
 */
export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
        return redis.eval(source, keys.length, ...keys, ...args);
      }
      throw err;
    }
  };
}
