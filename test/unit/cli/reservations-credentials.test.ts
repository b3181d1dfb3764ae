import { describe, expect, it } from 'vitest';
import { readBaseUrl, readCliCredentials } from '../../../src/cli/shared/read-credentials.js';
import { UsageError } from '../../../src/cli/shared/usage-error.js';

const SID = `AC${'a'.repeat(32)}`;
const KEY = `SK${'b'.repeat(32)}`;
const TOKEN = 'super-secret-token-value';

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    readCliCredentials(env);
  } catch (err) {
    if (err instanceof UsageError) {
      return err.problems;
    }
    throw err;
  }
  throw new Error('expected a usage error');
}

describe('readCliCredentials', () => {
  it('when the account SID and token are set, then they and the default base URL are used', () => {
    expect(readCliCredentials({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN })).toEqual({
      accountSid: SID,
      authToken: TOKEN,
      apiKey: undefined,
      baseUrl: 'https://taskrouter.twilio.com',
    });
  });

  it('when an API key pair is set, then it authenticates and no auth token is needed', () => {
    expect(
      readCliCredentials({
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_API_KEY: KEY,
        TWILIO_API_SECRET: 'key-secret',
        TASKROUTER_BASE_URL: 'http://127.0.0.1:4010/',
      }),
    ).toEqual({
      accountSid: SID,
      authToken: '',
      apiKey: { sid: KEY, secret: 'key-secret' },
      baseUrl: 'http://127.0.0.1:4010',
    });
  });

  it('when PUBLIC_BASE_URL, Redis and the rest are unset, then nothing is missing', () => {
    expect(() =>
      readCliCredentials({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN }),
    ).not.toThrow();
  });

  it('when nothing is set, then each missing variable is named with what to put in it', () => {
    expect(problemsOf({})).toEqual([
      'TWILIO_ACCOUNT_SID is not set: export the Account SID (AC…) of the account that owns the workspace',
      'TWILIO_AUTH_TOKEN is not set: export the account auth token, or TWILIO_API_KEY and TWILIO_API_SECRET for an API key',
    ]);
    // Empty means unset.
    expect(problemsOf({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: '  ' })).toHaveLength(1);
  });

  it('when half an API key pair is set, then the missing half is named', () => {
    expect(
      problemsOf({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_KEY: KEY }),
    ).toEqual([
      'TWILIO_API_SECRET is not set but TWILIO_API_KEY is: set both for API key auth, or neither',
    ]);
  });

  it('when values are malformed, then the variables are named and no value is echoed', () => {
    const problems = problemsOf({
      TWILIO_ACCOUNT_SID: 'AC-nope',
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_KEY: 'SKnope',
      TWILIO_API_SECRET: TOKEN,
      TASKROUTER_BASE_URL: 'ftp://example.com',
    });
    expect(problems).toEqual([
      'TWILIO_ACCOUNT_SID: must be AC followed by 32 hex digits',
      'TWILIO_API_KEY: must be SK followed by 32 hex digits',
      'TASKROUTER_BASE_URL: must be an http:// or https:// URL',
    ]);
    expect(problems.join('\n')).not.toContain(TOKEN);
  });
});

describe('readBaseUrl', () => {
  it('when no credentials are set, then the base URL is still read (for --dry-run)', () => {
    expect(readBaseUrl({})).toBe('https://taskrouter.twilio.com');
    expect(readBaseUrl({ TASKROUTER_BASE_URL: 'http://localhost:4010//' })).toBe(
      'http://localhost:4010',
    );
    expect(() => readBaseUrl({ TASKROUTER_BASE_URL: 'not a url' })).toThrow(UsageError);
  });
});
