import { describe, expect, it } from 'vitest';
import {
  foreignLayoutError,
  layoutRegistryKey,
  layoutsToCheck,
} from '../../../src/compose/check-queue-layout.js';

describe('layoutsToCheck', () => {
  it('when nothing was registered and the service runs 3 shards, then the single-shard layout is checked', () => {
    expect(layoutsToCheck([], 3, [])).toEqual([1]);
  });

  it('when the service runs 1 shard, then every layout registered before is checked, not its own', () => {
    expect(layoutsToCheck([3, 5], 1, [])).toEqual([3, 5]);
  });

  it('when a layout is named as draining, then it is not checked', () => {
    expect(layoutsToCheck([3], 5, [1, 3])).toEqual([]);
  });

  it('when the registry holds junk, then it is ignored', () => {
    expect(layoutsToCheck([Number.NaN, 0, 2.5, 4], 4, [])).toEqual([1]);
  });

  it("when the registry key is built, then it sits under the deployment's own hash tag", () => {
    expect(layoutRegistryKey('tra')).toBe('{tra}:layouts');
  });
});

describe('foreignLayoutError', () => {
  it('when work is found, then the message names the layout, the counts and the setting that allows it', () => {
    const err = foreignLayoutError([{ shards: 1, keyPrefix: '{tra}', jobs: 2, inFlight: 7 }], 3);
    expect(err.code).toBe('ERR_QUEUE_LAYOUT_FOREIGN');
    expect(err.message).toContain('QUEUE_SHARDS=3');
    expect(err.message).toContain('{tra} (QUEUE_SHARDS=1)');
    expect(err.message).toContain('7 reservation(s) in flight');
    expect(err.message).toContain('QUEUE_SHARDS_DRAINING=1');
  });
});
