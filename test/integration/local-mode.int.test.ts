import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/redis-server.js';

/** The environment of a shell with no Twilio credentials, plus `extra`. */
function envWithout(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...extra };
  for (const key of [
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'PUBLIC_BASE_URL',
    'SEALING_KEYS',
    'NODE_ENV',
  ]) {
    if (!(key in extra)) {
      delete env[key];
    }
  }
  return env;
}

/** Runs `node dist/main.js …args` to its exit (or until `until` matches stdout), bounded by the test timeout. */
function run(args: readonly string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['dist/main.js', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, exited, out: () => out, err: () => err };
}

describe('npm start (node dist/main.js --local) without Twilio credentials: local mode', () => {
  it('when started, then the simulator drives the service on 127.0.0.1 only, a summary line shows decisions, and Ctrl-C exits 0', async () => {
    expect(existsSync('dist/main.js'), 'npm test builds dist/ first').toBe(true);
    const port = await freePort();
    const p = run(['--local'], envWithout({ PORT: String(port), REDIS_URL: inject('redisUrl') }));
    // Waits for the first heartbeat that counts a decision (arrivals are random: a few seconds).
    await new Promise<void>((resolve, reject) => {
      p.child.stdout.on('data', () => {
        if (/^local: [1-9]\d* reservations decided/m.test(p.out())) {
          resolve();
        }
      });
      void p.exited.then((code) =>
        reject(new Error(`exited early (${code}):\n${p.out()}${p.err()}`)),
      );
    });
    expect(p.out()).toContain(`local mode on http://127.0.0.1:${port}`);
    expect(p.out()).toMatch(/REST violations 0/);
    // Bound to loopback: the port answers on 127.0.0.1 and not on the IPv6 wildcard's loopback.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await expect(fetch(`http://[::1]:${port}/healthz`)).rejects.toThrow();
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    expect(p.out()).toMatch(/^final local: \d+ reservations decided/m);
  }, 60_000);

  it('when REDIS_URL carries a password, then the startup lines print it masked', async () => {
    const url = new URL(inject('redisUrl'));
    url.password = 'not-the-password';
    const p = run(
      ['--local'],
      envWithout({ PORT: String(await freePort()), REDIS_URL: url.toString() }),
    );
    await new Promise<void>((resolve, reject) => {
      p.child.stdout.on('data', () => (/ Redis: /.test(p.out()) ? resolve() : undefined));
      void p.exited.then(() =>
        / Redis: /.test(p.out()) ? resolve() : reject(new Error(p.out() + p.err())),
      );
    });
    p.child.kill('SIGINT');
    await p.exited;
    expect(p.out() + p.err()).not.toContain('not-the-password');
    expect(p.out()).toContain('Redis: redis://***@127.0.0.1');
  }, 60_000);
});

describe('local mode never starts in a deployment (issue 10, row 5)', () => {
  it("when the Docker image's command runs with NODE_ENV=production, REDIS_URL set and no credentials, then it exits 1 listing what is missing and serves nothing", async () => {
    const port = await freePort();
    const p = run(
      [],
      envWithout({
        PORT: String(port),
        NODE_ENV: 'production',
        REDIS_URL: 'redis://:pw@redis.internal:6379',
      }),
    );
    expect(await p.exited).toBe(1);
    for (const name of [
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'PUBLIC_BASE_URL',
      'SEALING_KEYS',
    ]) {
      expect(p.err()).toContain(`${name}: is required`);
    }
    expect(p.out()).not.toContain('local mode');
    expect(p.out() + p.err()).not.toContain(':pw@');
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'NODE_ENV=production',
      { NODE_ENV: 'production' },
      /NODE_ENV: local mode .* never runs with NODE_ENV=production/,
    ],
    [
      'REDIS_URL naming another machine',
      { REDIS_URL: 'redis://:pw@redis.internal:6379' },
      /REDIS_URL: local mode only uses a Redis on this machine/,
    ],
  ])(
    'when --local is asked for with %s, then it is refused before the simulator starts',
    async (_name, extra, reason) => {
      const p = run(['--local'], envWithout({ PORT: String(await freePort()), ...extra }));
      expect(await p.exited).toBe(1);
      expect(p.err()).toMatch(reason);
      expect(p.out()).not.toContain('local mode on');
      expect(p.out() + p.err()).not.toContain(':pw@');
    },
  );
});
