import { describe, expect, it } from 'vitest';
import { clusterSlotOf } from '../../../src/shared/cluster-slot-of.js';

describe('clusterSlotOf', () => {
  it("when given the Redis Cluster specification's examples, then it gives their slots", () => {
    // CRC16/XMODEM check value of '123456789' is 0x31C3; 'foo' is slot 12182 in the spec.
    expect(clusterSlotOf('123456789')).toBe(0x31c3);
    expect(clusterSlotOf('foo')).toBe(12182);
  });

  it('when a key has a hash tag, then only the tag counts; an empty tag hashes the whole key', () => {
    expect(clusterSlotOf('{user1000}.following')).toBe(clusterSlotOf('{user1000}.followers'));
    expect(clusterSlotOf('{user1000}.following')).toBe(clusterSlotOf('user1000'));
    expect(clusterSlotOf('foo{}{bar}')).not.toBe(clusterSlotOf('bar'));
  });
});
