import { describe, expect, it } from 'vitest';
import { LEGACY_SEALING_KEY, loadConfig } from '../../../src/config/env.js';
import { AppError } from '../../../src/shared/errors.js';

const valid = {
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'secret-token',
  PUBLIC_BASE_URL: 'https://assigner.example.com',
};
const KEY = 'k'.repeat(43);

function problemsOf(env: Record<string, string>, opts = {}): string {
  try {
    loadConfig(env, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message;
  }
  throw new Error('expected the config to be refused');
}

describe('loadConfig: secrets', () => {
  it.each(['ADMIN_TOKEN', 'TWILIO_AUTH_TOKEN', 'TWILIO_AUTH_TOKEN_SECONDARY', 'TWILIO_API_SECRET'])(
    'when %s is only whitespace, then start-up is refused naming it',
    (name) => {
      const env = {
        ...valid,
        TWILIO_API_KEY: `SK${'1'.repeat(32)}`,
        TWILIO_API_SECRET: 'api-secret',
        [name]: ' '.repeat(16),
      };
      expect(problemsOf(env)).toMatch(new RegExp(`${name}: is only whitespace`));
    },
  );

  it('when ADMIN_TOKEN has a space inside or around it, then it is refused without being echoed', () => {
    expect(problemsOf({ ...valid, ADMIN_TOKEN: 'abcdefgh ijklmnopq' })).toMatch(
      /ADMIN_TOKEN: must not contain whitespace/,
    );
    const message = problemsOf({ ...valid, ADMIN_TOKEN: ' abcdefghijklmnopq' });
    expect(message).toMatch(/ADMIN_TOKEN: has leading or trailing whitespace/);
    expect(message).not.toContain('abcdefghijklmnopq');
  });

  it('when TWILIO_AUTH_TOKEN_SECONDARY is set, then the config carries it', () => {
    expect(
      loadConfig({ ...valid, TWILIO_AUTH_TOKEN_SECONDARY: 'old-token' }).secondaryAuthToken,
    ).toBe('old-token');
  });
});

describe('loadConfig: SEALING_KEYS', () => {
  it('when NODE_ENV=production and SEALING_KEYS is unset, then start-up is refused with a generator hint', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production' })).toMatch(
      /SEALING_KEYS: is required in production.*randomBytes\(32\)/,
    );
  });

  it('when SEALING_KEYS is unset outside production, then the keys still derive from the tokens, flagged for a warning', () => {
    const config = loadConfig({ ...valid, TWILIO_AUTH_TOKEN_SECONDARY: 'old-token' });
    expect(config.sealingFromAuthToken).toBe(true);
    expect(config.sealingSecrets).toEqual(['secret-token', 'old-token']);
  });

  it('when a key and the legacy entry are listed, then the key seals first and the token derivations follow', () => {
    const config = loadConfig({
      ...valid,
      NODE_ENV: 'production',
      SEALING_KEYS: ` ${KEY} , ${LEGACY_SEALING_KEY}`,
    });
    expect(config.sealingFromAuthToken).toBe(false);
    expect(config.sealingSecrets).toEqual([KEY, 'secret-token']);
  });

  it('when a key is short or the legacy entry comes first, then each is refused', () => {
    const message = problemsOf({ ...valid, SEALING_KEYS: `${LEGACY_SEALING_KEY},short` });
    expect(message).toMatch(/the first key seals/);
    expect(message).toMatch(/key 2 must be at least 32 characters/);
    expect(message).not.toContain('short,');
  });
});

describe('loadConfig: local mode only on purpose', () => {
  it('when local mode is allowed, then it binds 127.0.0.1 and does not check callback freshness', () => {
    const config = loadConfig({}, { allowLocal: true });
    expect(config).toMatchObject({
      local: true,
      listenHost: '127.0.0.1',
      callbackMaxAgeSeconds: 0,
    });
  });

  it('when credentials are set, then every interface is bound and CALLBACK_MAX_AGE_S applies (300 by default)', () => {
    expect(loadConfig(valid)).toMatchObject({
      local: false,
      listenHost: undefined,
      callbackMaxAgeSeconds: 300,
    });
  });

  it('when NODE_ENV=production, then local mode is refused even when allowed', () => {
    expect(problemsOf({ NODE_ENV: 'production' }, { allowLocal: true })).toMatch(
      /NODE_ENV: local mode \(the built-in simulator\) never runs with NODE_ENV=production/,
    );
  });

  it.each(['redis://:pw@redis.internal:6379', 'rediss://cache.example.com:6380'])(
    'when REDIS_URL names another machine (%s), then local mode is refused without echoing it',
    (url) => {
      const message = problemsOf({ REDIS_URL: url }, { allowLocal: true });
      expect(message).toMatch(/REDIS_URL: local mode only uses a Redis on this machine/);
      expect(message).not.toContain('pw');
    },
  );

  it.each(['redis://127.0.0.1:6380', 'redis://localhost:6379', 'redis://[::1]:6379'])(
    'when REDIS_URL is on loopback (%s), then local mode starts',
    (url) => {
      expect(loadConfig({ REDIS_URL: url }, { allowLocal: true }).local).toBe(true);
    },
  );

  it('when no credentials are set and local mode was not asked for, then one message lists what is missing and how to try it locally', () => {
    const message = problemsOf({});
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_BASE_URL']) {
      expect(message).toContain(`${name}: is required`);
    }
    expect(message).toMatch(/run `npm start` from a checkout/);
  });
});
