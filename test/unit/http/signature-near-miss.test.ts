import { Writable } from 'node:stream';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { createNearMissReporter } from '../../../src/http/create-near-miss-reporter.js';
import {
  findSignatureNearMiss,
  type NearMissInput,
} from '../../../src/http/find-signature-near-miss.js';
import { createLogger } from '../../../src/shared/logger.js';

const TOKEN = 'near-miss-auth-token';
const PATH = '/taskrouter/assignment';
const params = {
  ReservationSid: 'WRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  TaskAttributes: '{"from":"+15551234567"}',
};

/** A request TaskRouter signed for `signedFor`, checked by a service configured with `configured`. */
function refused(
  signedFor: string,
  configured: string,
  hosts: (string | undefined)[] = [],
): NearMissInput {
  return {
    authTokens: [TOKEN],
    signature: twilio.getExpectedTwilioSignature(TOKEN, signedFor, params),
    publicBaseUrl: configured,
    originalUrl: PATH,
    params,
    hosts,
  };
}

describe('findSignatureNearMiss', () => {
  it('when TaskRouter signed the http URL and the service expects https, then the http base is named', () => {
    expect(
      findSignatureNearMiss(
        refused(`http://assigner.example.com${PATH}`, 'https://assigner.example.com'),
      ),
    ).toEqual({
      differsIn: 'scheme',
      wouldMatch: 'http://assigner.example.com',
    });
  });

  it('when TaskRouter signed for the host the request came in on, then that host is named', () => {
    const input = refused(`https://assigner.example.net${PATH}`, 'https://assigner.example.com', [
      'assigner.example.net',
    ]);
    expect(findSignatureNearMiss(input)).toEqual({
      differsIn: 'host',
      wouldMatch: 'https://assigner.example.net',
    });
  });

  it('when the Workflow URL ends in a slash, then the slashed URL is named', () => {
    expect(
      findSignatureNearMiss(
        refused(`https://assigner.example.com${PATH}/`, 'https://assigner.example.com'),
      ),
    ).toEqual({
      differsIn: 'trailing slash',
      wouldMatch: `https://assigner.example.com${PATH}/`,
    });
  });

  it('when the signature was made with another token, then no URL matches', () => {
    const input = {
      ...refused(`http://assigner.example.com${PATH}`, 'https://assigner.example.com', [
        'evil.example',
      ]),
      signature: twilio.getExpectedTwilioSignature(
        'another-token',
        `http://assigner.example.com${PATH}`,
        params,
      ),
    };
    expect(findSignatureNearMiss(input)).toBeUndefined();
  });

  it('when a Host header is not a host name, then it is not tried', () => {
    const input = refused(`https://a b${PATH}`, 'https://assigner.example.com', ['a b']);
    expect(findSignatureNearMiss(input)).toBeUndefined();
  });
});

describe('createNearMissReporter', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _enc, cb) {
          lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
          cb();
        },
      }),
    });
    return { lines, log };
  }

  it('when the same near miss repeats, then one warning names the base URL, without the signature or the body', () => {
    const { lines, log } = capture();
    let now = 1_000_000;
    const report = createNearMissReporter({ log, now: () => now });
    const input = refused(`http://assigner.example.com${PATH}`, 'https://assigner.example.com');
    for (let i = 0; i < 5; i += 1) {
      now += 1000;
      report(input);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      differsIn: 'scheme',
      wouldMatch: 'http://assigner.example.com',
    });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(input.signature);
    expect(text).not.toContain('+15551234567');
    expect(text).not.toContain(TOKEN);
  });

  it('when the repeat interval has passed, then the variant is logged again', () => {
    const { lines, log } = capture();
    let now = 0;
    const report = createNearMissReporter({ log, now: () => now, repeatAfterMs: 60_000 });
    const input = refused(`http://assigner.example.com${PATH}`, 'https://assigner.example.com');
    report(input);
    now += 60_000;
    report(input);
    expect(lines).toHaveLength(2);
  });

  it('when many refused requests arrive in one second, then only the first few are examined', () => {
    const { lines, log } = capture();
    const report = createNearMissReporter({ log, now: () => 5_000, perSecond: 2 });
    const forged = {
      ...refused(`http://x.example${PATH}`, 'https://assigner.example.com'),
      signature: 'forged',
    };
    report(forged);
    report(forged);
    // The third in the same second is not examined: a real near miss then goes unreported until the next second.
    report(refused(`http://assigner.example.com${PATH}`, 'https://assigner.example.com'));
    expect(lines).toHaveLength(0);
  });
});
