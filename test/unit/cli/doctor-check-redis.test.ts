import { describe, expect, it } from 'vitest';
import { checkRedis } from '../../../src/cli/doctor/check-redis.js';
import { parseInfo } from '../../../src/cli/doctor/read-redis-facts.js';

const facts = (version: string) => ({
  version,
  maxmemoryPolicy: 'noeviction',
  aofEnabled: true,
  roundTripMs: 1,
});

describe('checkRedis version line', () => {
  it.each([
    ['6.0.9', 'fail'],
    ['5.0.14', 'fail'],
    ['6.2.0', 'ok'],
    ['7.0.15', 'ok'],
    ['10.0.0', 'ok'],
  ])('when Redis is %s, then the version line is %s', (version, status) => {
    const line = checkRedis(facts(version), 'redis://h:1', 50).find(
      (c) => c.name === 'Redis version',
    );
    expect(line?.status).toBe(status);
  });
});

describe('parseInfo', () => {
  it('when INFO has sections and CRLF lines, then fields are read and headers skipped', () => {
    const info = parseInfo(
      '# Server\r\nredis_version:7.2.4\r\n\r\n# Memory\r\nmaxmemory_policy:noeviction\r\n',
    );
    expect(info.get('redis_version')).toBe('7.2.4');
    expect(info.get('maxmemory_policy')).toBe('noeviction');
  });
});
