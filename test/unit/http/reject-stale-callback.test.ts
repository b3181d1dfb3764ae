import { describe, expect, it } from 'vitest';
import { readTimestamp } from '../../../src/http/reject-stale-callback.js';

describe('readTimestamp', () => {
  it.each([
    ['1764748800', 1_764_748_800_000],
    ['1764748800123', 1_764_748_800_123],
    ['2025-12-03T08:00:00Z', Date.parse('2025-12-03T08:00:00Z')],
  ])('when the Timestamp is %s, then it reads %i ms', (value, ms) => {
    expect(readTimestamp(value)).toBe(ms);
  });

  it.each(['', 'yesterday', '12:00', '2025-13-45Tnope'])(
    'when the Timestamp is %j, then it is unreadable (let through)',
    (value) => {
      expect(readTimestamp(value)).toBeUndefined();
    },
  );
});
