import { describe, expect, it } from 'vitest';
import { readCliParams } from '../../../src/cli/reservations/params.js';
import { UsageError } from '../../../src/cli/shared/usage-error.js';
import type { InstructionKind } from '../../../src/rules/types.js';

const WA = `WA${'5'.repeat(32)}`;
const CA = `CA${'6'.repeat(32)}`;

function problemsOf(kind: InstructionKind, args: string[], json?: string): readonly string[] {
  try {
    readCliParams(kind, args, json);
  } catch (err) {
    if (err instanceof UsageError) {
      return err.problems;
    }
    throw err;
  }
  throw new Error('expected a usage error');
}

describe('readCliParams', () => {
  it('when values are text, then integers, booleans and comma lists are converted to the catalog types', () => {
    expect(
      readCliParams(
        'conference',
        [
          'from=+18001231234',
          'timeout=20',
          'record=TRUE',
          'endConferenceOnExit=false',
          'conferenceStatusCallbackEvent=start, end,join',
          'beep=onEnter',
        ],
        undefined,
      ),
    ).toEqual({
      from: '+18001231234',
      timeout: 20,
      record: true,
      endConferenceOnExit: false,
      beep: 'onEnter',
      conferenceStatusCallbackEvent: ['start', 'end', 'join'],
    });
  });

  it('when names are snake_case, then they are folded to the camelCase of rules files', () => {
    expect(
      readCliParams(
        'dequeue',
        ['from=+1800', 'post_work_activity_sid=' + WA, 'status_callback_event=completed'],
        undefined,
      ),
    ).toEqual({ from: '+1800', postWorkActivitySid: WA, statusCallbackEvent: ['completed'] });
  });

  it('when a list param is repeated, then its items are appended', () => {
    expect(
      readCliParams(
        'dequeue',
        [
          'from=+15005550006',
          'statusCallbackEvent=ringing',
          'statusCallbackEvent=answered,completed',
        ],
        undefined,
      ),
    ).toEqual({ from: '+15005550006', statusCallbackEvent: ['ringing', 'answered', 'completed'] });
  });

  it('when a value contains "=", then only the first one splits name from value', () => {
    expect(
      readCliParams('call', ['from=+1', 'url=https://example.com/twiml?a=1&b=2'], undefined),
    ).toEqual({
      from: '+1',
      url: 'https://example.com/twiml?a=1&b=2',
    });
  });

  it('when params come as JSON, then typed values are checked and strings are read like text', () => {
    expect(
      readCliParams(
        'redirect',
        [],
        JSON.stringify({ call_sid: CA, url: 'https://example.com/r', accept: 'true' }),
      ),
    ).toEqual({ callSid: CA, url: 'https://example.com/r', accept: true });
    expect(
      readCliParams(
        'conference',
        [],
        JSON.stringify({ timeout: 20, statusCallbackEvent: ['initiated'], muted: false }),
      ),
    ).toEqual({ timeout: 20, statusCallbackEvent: ['initiated'], muted: false });
  });

  it('when --params and --param are combined, then both count and a name given twice is refused', () => {
    expect(readCliParams('call', ['url=https://e.com/u'], '{"from":"+1"}')).toEqual({
      from: '+1',
      url: 'https://e.com/u',
    });
    expect(problemsOf('call', ['from=+2', 'url=https://example.com/u'], '{"from":"+1"}')).toEqual([
      '--param from: given more than once',
    ]);
  });

  it('when a name is unknown, then the nearest name or the instruction that has it is suggested', () => {
    expect(problemsOf('conference', ['timout=20'])).toEqual([
      "--param timout: unknown param for conference: did you mean 'timeout'?",
    ]);
    expect(problemsOf('reject', ['postWorkActivitySid=' + WA])).toEqual([
      '--param postWorkActivitySid: unknown param for reject: postWorkActivitySid is a param of dequeue, conference, not of reject',
    ]);
    expect(problemsOf('accept', ['to=x'])).toEqual([
      '--param to: unknown param for accept: accept takes no params',
    ]);
    expect(
      problemsOf('redirect', ['callSid=' + CA, 'url=https://example.com/u', 'zzz=1'])[0],
    ).toMatch(/zzz: unknown param for redirect: redirect takes: callSid, url, accept/);
  });

  it('when values do not fit their types, enums or SID patterns, then each problem is named', () => {
    expect(
      problemsOf('conference', [
        'timeout=twenty',
        'record=yes',
        'beep=onenter',
        'postWorkActivitySid=WA123',
        'conferenceStatusCallbackEvent=start,stop',
        'to=',
      ]),
    ).toEqual([
      '--param timeout: expected a whole number ≥ 0 but found "twenty"',
      '--param record: expected true or false but found "yes"',
      `--param beep: expected one of true, false, onEnter, onExit but found "onenter" (did you mean 'onEnter'?)`,
      '--param postWorkActivitySid: expected a WA SID (WA and 32 hex digits) but found "WA123"',
      `--param conferenceStatusCallbackEvent: expected one of start, end, join, leave, mute, hold, speaker but found "stop"`,
      '--param to: empty string (leave the param out instead)',
    ]);
  });

  it('when JSON values have the wrong type, then they are refused', () => {
    expect(
      problemsOf('conference', [], '{"to": 5, "record": 1, "statusCallbackEvent": "x,y"}'),
    ).toEqual([
      '--params to: expected a string but found the number 5 (quote it: "5"; unquoted, a leading + or 0 is lost)',
      '--params record: expected true or false but found the number 1',
      '--params statusCallbackEvent: expected one of initiated, ringing, answered, completed but found "x"',
    ]);
    expect(problemsOf('accept', [], '[1]')).toEqual([
      `--params: expected a JSON object such as '{"timeout": 20}'`,
    ]);
    expect(problemsOf('accept', [], '{nope')[0]).toMatch(/^--params: not valid JSON/);
  });

  it('when required params are missing, then each is named with how to add it', () => {
    expect(problemsOf('redirect', [])).toEqual([
      "redirect requires the param 'callSid': add --param callSid=…",
      "redirect requires the param 'url': add --param url=…",
    ]);
    expect(problemsOf('call', ['url=https://example.com/u'])).toEqual([
      "call requires the param 'from': add --param from=…",
    ]);
  });

  it('when a --param has no "=", or a value is a template, then it is refused', () => {
    expect(problemsOf('reject', ['activitySid'])).toEqual([
      '--param "activitySid": expected name=value, e.g. --param timeout=20',
    ]);
    expect(problemsOf('dequeue', ['from={{task.to}}'])[0]).toMatch(/templates .* the CLI has none/);
  });

  it('when the instruction takes optional params only, then none is fine', () => {
    expect(readCliParams('accept', [], undefined)).toEqual({});
    expect(readCliParams('reject', [], undefined)).toEqual({});
    expect(readCliParams('conference', [], '{}')).toEqual({});
  });
});
