import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulateCommand } from '../../../src/cli/simulate/command.js';
import type { CommandIo } from '../../../src/cli/shared/command-io.js';
import { startCallbackReceiver } from '../../support/callback-receiver.js';
import { ACCOUNT_SID, AUTH_TOKEN } from '../../support/simulator-client.js';

const runSimulateCommand = (argv: readonly string[], io: CommandIo) =>
  createSimulateCommand(io)(argv);

describe('simulate command', () => {
  let dir: string;
  const out: string[] = [];
  const err: string[] = [];
  const io = (
    env: Record<string, string> = {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    },
  ): CommandIo => ({
    stdout: (l) => void out.push(l),
    stderr: (l) => void err.push(l),
    env,
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tra-sim-cli-'));
    out.length = 0;
    err.length = 0;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a scenario runs against a service that accepts inline, then it prints the URL and a summary and exits 0', async () => {
    const service = await startCallbackReceiver((cb) =>
      cb.path === '/events' ? { status: 204, body: '' } : { body: '{"instruction":"accept"}' },
    );
    try {
      const file = join(dir, 'scenario.yaml');
      writeFileSync(
        file,
        `version: 1
durationSeconds: 3
speed: 5
workflows: { main: { taskReservationTimeout: 60 } }
workers: [{ name: w, count: 2, attributes: { contact_uri: "client:w" } }]
taskTypes: [{ name: t, workflow: main, arrivalsPerSecond: 1, arrivalPattern: uniform, handlingSeconds: 1 }]
`,
      );
      const code = await runSimulateCommand(
        [
          '--scenario',
          file,
          '--port',
          '0',
          '--progress',
          '0',
          '--assignment-url',
          `${service.url}/a`,
          '--events-url',
          `${service.url}/events`,
          '--json',
        ],
        io(),
      );
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(out[0]).toMatch(
        /^TaskRouter simulator on http:\/\/127\.0\.0\.1:\d+ — run the service with TASKROUTER_BASE_URL=/,
      );
      expect(out[1]).toMatch(
        /^workflow main: WW[0-9a-f]{32}, TaskReservationTimeout 60 s, callbacks to http/,
      );
      const summary = JSON.parse(out.at(-1)!) as {
        tasks: Record<string, number>;
        rest: { violations: number };
      };
      expect(summary.tasks.arrived).toBe(2);
      expect(summary.tasks.completed).toBe(2);
      expect(service.received.filter((c) => c.path === '/a')).toHaveLength(2);
    } finally {
      await service.close();
    }
  });

  it('when the scenario is invalid, then every problem is printed with its line and the exit status is 2', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'version: 1\ndurationSeconds: -5\nworkflows: {}\nworkers: []\ntaskTypes: []\n',
    );
    expect(await runSimulateCommand(['--scenario', file], io())).toBe(2);
    expect(err.join('\n')).toMatch(/bad\.yaml:2:18 durationSeconds: /);
    expect(err.join('\n')).toMatch(/bad\.yaml:4:10 workers: /);
  });

  it('when credentials are missing or a flag is wrong, then it says how to fix it and exits 2', async () => {
    expect(await runSimulateCommand([], io({}))).toBe(2);
    expect(err[0]).toMatch(/TWILIO_ACCOUNT_SID/);
    expect(await runSimulateCommand(['--speed', 'fast'], io())).toBe(2);
    expect(err[1]).toMatch(/--speed must be a positive number/);
    expect(await runSimulateCommand(['--help'], io())).toBe(0);
    expect(out[0]).toMatch(/^Usage: taskrouter-assigner simulate/);
  });
});
