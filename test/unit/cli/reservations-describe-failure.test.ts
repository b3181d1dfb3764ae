import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../src/cli/reservations/describe-failure.js';
import { guideFor, TWILIO_ERROR_GUIDES } from '../../../src/cli/reservations/twilio-errors.js';

const ctx = {
  what: 'apply conference to reservation WR1',
  mutating: true,
  baseUrl: 'http://u:secret@127.0.0.1:9',
};

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('Twilio error guides', () => {
  it.each([
    20001,
    20003,
    20404,
    20412,
    20429,
    40100,
    ...range(40110, 40114),
    ...range(40120, 40123),
    ...range(40130, 40145),
  ])('when TaskRouter answers %i, then the guide says what it means and what to do', (code) => {
    const guide = TWILIO_ERROR_GUIDES[code];
    expect(guide?.meaning).toBeTruthy();
    expect(guide?.action).toBeTruthy();
  });

  it('when only an HTTP status is known, then the guide of its platform code is used', () => {
    expect(guideFor(undefined, 401)).toBe(TWILIO_ERROR_GUIDES[20003]);
    expect(guideFor(99999, 429)).toBe(TWILIO_ERROR_GUIDES[20429]);
    expect(guideFor(undefined, 418)).toBeUndefined();
  });
});

describe('describeFailure', () => {
  it('when TaskRouter refuses with a code, then the lines give status, code, message, meaning, action and link', () => {
    const err = Object.assign(new Error('Unable to execute Conference instruction.'), {
      status: 400,
      code: 40136,
      moreInfo: 'https://www.twilio.com/docs/errors/40136',
    });
    const lines = describeFailure(err, ctx);
    expect(lines[0]).toBe(
      'ERR_TASKROUTER_REJECTED: TaskRouter refused to apply conference to reservation WR1 (HTTP 400, Twilio error 40136)',
    );
    expect(lines).toContain('  Twilio says: Unable to execute Conference instruction.');
    expect(
      lines.some((l) =>
        l.startsWith('  meaning: conference: the reservation is no longer pending'),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('  what to do: run `reservations fetch`'))).toBe(true);
    expect(lines).toContain('  more: https://www.twilio.com/docs/errors/40136');
  });

  it('when TaskRouter answers 429 or 5xx, then it is reported as unavailable', () => {
    const lines = describeFailure(
      Object.assign(new Error('Too Many Requests'), { status: 429, code: 20429 }),
      ctx,
    );
    expect(lines[0]).toMatch(/^ERR_TASKROUTER_UNAVAILABLE: .*HTTP 429, Twilio error 20429/);
    expect(lines.join('\n')).toMatch(/safe, since a 429 is never processed/);
  });

  it('when nothing answers, then it says nothing was sent, without the URL credentials', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    const text = describeFailure(err, ctx).join('\n');
    expect(text).toMatch(/could not be reached; nothing was sent/);
    expect(text).toContain('http://127.0.0.1:9');
    expect(text).not.toContain('secret');
  });

  it('when an update times out, then it warns the update may have landed', () => {
    const err = Object.assign(new Error('TaskRouter did not answer within 100 ms'), {
      code: 'ETIMEDOUT',
    });
    expect(describeFailure(err, ctx).join('\n')).toMatch(/may or may not have taken effect/);
    expect(describeFailure(err, { ...ctx, mutating: false }).join('\n')).not.toMatch(
      /may or may not/,
    );
  });
});
