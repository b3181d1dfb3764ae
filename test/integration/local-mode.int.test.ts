import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/redis-server.js';

describe('npm start without Twilio credentials (local mode)', () => {
  it('when started, then the simulator drives the service, a summary line shows decisions, and Ctrl-C exits 0', async () => {
    expect(existsSync('dist/main.js'), 'npm test builds dist/ first').toBe(true);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      REDIS_URL: inject('redisUrl'),
      LOG_LEVEL: 'warn',
    };
    delete env.TWILIO_ACCOUNT_SID;
    delete env.TWILIO_AUTH_TOKEN;
    const child = spawn(process.execPath, ['dist/main.js'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    // Waits for the first heartbeat that counts a decision (arrivals are random: a few seconds).
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (/^local: [1-9]\d* reservations decided/m.test(out)) {
          resolve();
        }
      });
      void exited.then((code) => reject(new Error(`exited early (${code}):\n${out}`)));
    });
    expect(out).toContain(`local mode on http://127.0.0.1:${port}`);
    expect(out).toMatch(/REST violations 0/);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/^final local: \d+ reservations decided/m);
  }, 60_000);
});
