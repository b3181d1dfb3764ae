import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/env.js';
import type { AppError } from '../../../src/shared/errors.js';

const valid = {
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'secret-token',
  PUBLIC_BASE_URL: 'https://assigner.example.com',
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig({ ...valid, ...env });
  } catch (err) {
    expect((err as AppError).code).toBe('ERR_CONFIG_INVALID');
    return (err as AppError).message;
  }
  throw new Error('expected the config to be refused');
}

describe('loadConfig: shards', () => {
  it('when nothing is set, then there is one shard, served, and nothing draining', () => {
    expect(loadConfig(valid).shards).toEqual({ count: 1, served: [0], draining: [] });
  });

  it('when QUEUE_SHARDS=3, then the worker serves all three', () => {
    expect(loadConfig({ ...valid, QUEUE_SHARDS: '3' }).shards).toEqual({
      count: 3,
      served: [0, 1, 2],
      draining: [],
    });
  });

  it('when WORKER_SHARDS names a subset, then the worker serves it, sorted and without repeats', () => {
    const { shards } = loadConfig({
      ...valid,
      QUEUE_SHARDS: '4',
      WORKER_SHARDS: '2, 0,2',
      QUEUE_SHARDS_DRAINING: '1',
    });
    expect(shards).toEqual({ count: 4, served: [0, 2], draining: [1] });
  });

  it('when WORKER_SHARDS names a shard that does not exist, then start is refused with the range', () => {
    expect(refusal({ QUEUE_SHARDS: '3', WORKER_SHARDS: '0,3' })).toMatch(/WORKER_SHARDS: .*0 to 2/);
    expect(refusal({ WORKER_SHARDS: 'one' })).toMatch(/WORKER_SHARDS/);
  });

  it('when QUEUE_SHARDS_DRAINING names the configured count or nonsense, then start is refused', () => {
    expect(refusal({ QUEUE_SHARDS: '3', QUEUE_SHARDS_DRAINING: '3' })).toMatch(
      /QUEUE_SHARDS_DRAINING/,
    );
    expect(refusal({ QUEUE_SHARDS_DRAINING: '0' })).toMatch(/QUEUE_SHARDS_DRAINING/);
  });

  it('when QUEUE_SHARDS is out of range, then start is refused', () => {
    expect(refusal({ QUEUE_SHARDS: '0' })).toMatch(/QUEUE_SHARDS/);
    expect(refusal({ QUEUE_SHARDS: '65' })).toMatch(/QUEUE_SHARDS/);
  });
});
