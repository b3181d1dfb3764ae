import { describe, expect, it } from 'vitest';
import {
  checkSid,
  readChoice,
  readFlag,
  readInt,
  readQuery,
} from '../../../src/http/read-admin-query.js';
import { AppError } from '../../../src/shared/errors.js';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ERR_ADMIN_REQUEST_INVALID');
    expect((err as AppError).status).toBe(400);
    return (err as AppError).message;
  }
  throw new Error('expected a refusal');
}

describe('checkSid', () => {
  it.each([
    ['reservation', `WR${'a'.repeat(32)}`],
    ['task', `WT${'0123456789abcdef'.repeat(2)}`],
    ['worker', `WK${'A'.repeat(32)}`],
    ['workspace', `WS${'9'.repeat(32)}`],
  ] as const)('when a %s SID is well formed, then it is returned', (kind, sid) => {
    expect(checkSid(kind, 'x', sid)).toBe(sid);
  });

  it.each([
    [
      'reservation',
      `WT${'a'.repeat(32)}`,
      /x must be a reservation SID: WR followed by 32 hex digits/,
    ],
    ['task', `WT${'a'.repeat(31)}`, /task SID: WT/],
    ['worker', `WK${'g'.repeat(32)}`, /worker SID: WK/],
    ['workspace', `WS${'a'.repeat(32)}/../x`, /workspace SID: WS/],
  ] as const)(
    'when a %s SID is %s, then 400 naming the parameter and the form',
    (kind, sid, reason) => {
      expect(refusal(() => checkSid(kind, 'x', sid))).toMatch(reason);
    },
  );

  it('when a value is refused, then the value itself is not echoed', () => {
    expect(refusal(() => checkSid('task', 'taskSid', '<script>alert(1)</script>'))).not.toContain(
      '<script>',
    );
  });
});

describe('readQuery', () => {
  it('when every name is known and given once, then the values come back as strings', () => {
    expect(readQuery({ a: '1', b: 'x' }, ['a', 'b', 'c'])).toEqual({ a: '1', b: 'x' });
    expect(readQuery(undefined, ['a'])).toEqual({});
  });

  it('when a name is unknown, then 400 listing the known ones', () => {
    expect(refusal(() => readQuery({ statе: 'x' }, ['state', 'limit']))).toMatch(
      /unknown query parameter "statе"; known: state, limit/,
    );
    expect(refusal(() => readQuery({ x: '1' }, []))).toMatch(/known: none/);
  });

  it('when a name is given twice or as a nested value, then 400', () => {
    expect(refusal(() => readQuery({ a: ['1', '2'] }, ['a']))).toMatch(/a must be given once/);
    expect(refusal(() => readQuery({ a: { b: '1' } }, ['a']))).toMatch(/a must be given once/);
  });

  it('when a name is refused with a reason, then 400 with that reason', () => {
    expect(refusal(() => readQuery({ Page: '1' }, ['a'], { Page: 'no paging here.' }))).toMatch(
      /Page is not accepted: no paging here\./,
    );
  });

  it('when an unknown name is very long, then the message shows only its start', () => {
    expect(refusal(() => readQuery({ ['x'.repeat(500)]: '1' }, ['a'])).length).toBeLessThan(200);
  });
});

describe('readChoice, readInt, readFlag', () => {
  it('when values are absent, then the defaults apply', () => {
    expect(readChoice('s', undefined, ['a'])).toBeUndefined();
    expect(readInt('n', undefined, { min: 1, max: 9, default: 5 })).toBe(5);
    expect(readFlag('f', undefined)).toBe(false);
  });

  it.each([
    ['1', true],
    ['true', true],
    ['0', false],
    ['false', false],
  ])('when a flag is %s, then it reads %s', (v, expected) => {
    expect(readFlag('live', v)).toBe(expected);
  });

  it.each(['yes', '', 'TRUE'])('when a flag is %j, then 400', (v) => {
    expect(refusal(() => readFlag('live', v))).toMatch(/live must be one of 1, true, 0, false/);
  });

  it.each(['0', '10', '-1', '1.5', '1e2', ' 3', '9999999999', ''])(
    'when a whole number is %j out of 1..9 or malformed, then 400',
    (v) => {
      expect(refusal(() => readInt('limit', v, { min: 1, max: 9, default: 5 }))).toMatch(
        /limit must be a whole number from 1 to 9/,
      );
    },
  );

  it('when a choice is not in the set, then 400 listing the set', () => {
    expect(refusal(() => readChoice('state', 'x', ['a', 'b']))).toMatch(
      /state must be one of a, b\./,
    );
    expect(readChoice('state', 'b', ['a', 'b'])).toBe('b');
  });
});
