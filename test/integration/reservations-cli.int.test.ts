import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReservationsCommand } from '../../src/cli/reservations/command.js';
import type { FieldMap, ReservationView } from '../../src/simulator/types.js';
import { startSimulator, type Simulator } from '../../src/simulator/start-simulator.js';
import { newSid } from '../support/sids.js';
import { ACCOUNT_SID, AUTH_TOKEN, CA, WA, WK, WS, WT } from '../support/simulator-client.js';

const API_KEY = `SK${'7'.repeat(32)}`;
const API_SECRET = 'simulator-api-secret';
const WRONG_TOKEN = 'definitely-not-the-token';
const SECRETS = [AUTH_TOKEN, API_SECRET, WRONG_TOKEN];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `reservations …` in process, with the simulator's credentials unless `env` says otherwise. */
async function runCli(
  sim: Simulator,
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const command = createReservationsCommand({
    env: {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TASKROUTER_BASE_URL: sim.url,
      ...env,
    },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  const code = await command(argv);
  // No output, success or failure, ever carries a secret.
  for (const secret of SECRETS) {
    expect(stdout + stderr).not.toContain(secret);
  }
  return { code, stdout, stderr };
}

const ref = (wr: string) => ['--workspace', WS, '--task', WT, '--reservation', wr];

describe('reservations CLI against the simulator (in process)', () => {
  let sim: Simulator;
  let wr: ReservationView;

  beforeAll(async () => {
    sim = await startSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
    });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(() => {
    wr = sim.createReservation({
      workspaceSid: WS,
      taskSid: WT,
      workerSid: WK,
      workerName: 'alice',
      workerAttributes: { contact_uri: 'client:alice' },
      taskAttributes: { call_sid: CA },
    });
  });
  afterEach(() => {
    expect(sim.violations).toEqual([]);
    sim.reset();
  });

  it('when fetch names a reservation, then its JSON is printed with the etag', async () => {
    const run = await runCli(sim, ['fetch', ...ref(wr.sid)]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      sid: wr.sid,
      taskSid: WT,
      workerSid: WK,
      workerName: 'alice',
      reservationStatus: 'pending',
      dateUpdated: expect.any(String),
      etag: expect.any(String),
    });
    expect(sim.requests).toMatchObject([{ operation: 'FetchTaskReservation', status: 200 }]);
  });

  it('when list has both filters, then only matching reservations are printed and no Page is sent', async () => {
    const otherWorker = newSid('WK');
    const theirs = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: otherWorker });
    const settled = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    sim.setReservationStatus(settled.sid, 'rescinded');

    const run = await runCli(sim, [
      'list',
      '--workspace',
      WS,
      '--task',
      WT,
      '--worker',
      WK,
      '--status',
      'pending',
    ]);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { sid: string }[];
    expect(printed.map((r) => r.sid)).toEqual([wr.sid]);
    expect(printed.map((r) => r.sid)).not.toContain(theirs.sid);
    const [request] = sim.requests;
    expect(request).toMatchObject({ operation: 'ListTaskReservation', status: 200 });
    expect(request?.query).toEqual({ WorkerSid: WK, ReservationStatus: 'pending' });

    const all = await runCli(sim, ['list', '--workspace', WS, '--task', WT]);
    expect((JSON.parse(all.stdout) as unknown[]).length).toBe(3);
  });

  it.each<[string, string[], FieldMap, string]>([
    ['accept', [], { ReservationStatus: 'accepted' }, 'accepted'],
    [
      'reject',
      ['--param', `activity_sid=${WA}`],
      { ReservationStatus: 'rejected', WorkerActivitySid: WA },
      'rejected',
    ],
    [
      'conference',
      [
        '--param',
        'from=+18001231234',
        '--param',
        'timeout=20',
        '--param',
        'record=true',
        '--param',
        'endConferenceOnExit=false',
        '--param',
        'conference_status_callback_event=start,end',
        '--param',
        `postWorkActivitySid=${WA}`,
      ],
      {
        Instruction: 'conference',
        From: '+18001231234',
        Timeout: '20',
        Record: 'true',
        EndConferenceOnExit: 'false',
        ConferenceStatusCallbackEvent: ['start', 'end'],
        PostWorkActivitySid: WA,
      },
      'accepted',
    ],
    [
      'dequeue',
      [
        '--params',
        JSON.stringify({ from: '+18001231234', to: 'client:bob', timeout: 30 }),
        '--param',
        'statusCallbackEvent=answered,completed',
        '--param',
        'record=record-from-answer',
      ],
      {
        Instruction: 'dequeue',
        DequeueFrom: '+18001231234',
        DequeueTo: 'client:bob',
        DequeueTimeout: '30',
        DequeueRecord: 'record-from-answer',
        DequeueStatusCallbackEvent: ['answered', 'completed'],
      },
      'accepted',
    ],
    [
      'call',
      ['-p', 'from=+18001231234', '-p', 'url=https://example.com/agent', '-p', 'accept=true'],
      {
        Instruction: 'call',
        CallFrom: '+18001231234',
        CallUrl: 'https://example.com/agent',
        CallAccept: 'true',
      },
      'accepted',
    ],
    [
      'redirect',
      ['--param', `callSid=${CA}`, '--param', 'url=https://example.com/redirect'],
      { Instruction: 'redirect', RedirectCallSid: CA, RedirectUrl: 'https://example.com/redirect' },
      // Without accept=true the reservation waits for an accept or reject.
      'pending',
    ],
  ])(
    'when update %s is issued, then it lands with its form fields and the result is printed',
    async (kind, params, form, status) => {
      const run = await runCli(sim, ['update', ...ref(wr.sid), kind, ...params]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toMatchObject({ sid: wr.sid, reservationStatus: status });
      const updates = sim.updatesFor(wr.sid);
      expect(updates).toHaveLength(1);
      expect(updates[0]?.form).toEqual(form);
      expect(sim.reservation(wr.sid)?.status).toBe(status);
    },
  );

  it('when --if-match carries the fetched etag, then the update lands; a stale one is refused with 20412', async () => {
    const fetched = JSON.parse((await runCli(sim, ['fetch', ...ref(wr.sid)])).stdout) as {
      etag: string;
    };
    const stale = fetched.etag;
    const ok = await runCli(sim, [
      'update',
      ...ref(wr.sid),
      'call',
      '-p',
      'from=+1',
      '-p',
      'url=https://e.com/u',
      '--if-match',
      stale,
    ]);
    expect(ok.code).toBe(0);
    expect(sim.requests.at(-1)?.headers['if-match']).toBe(stale);

    const refused = await runCli(sim, ['update', ...ref(wr.sid), 'accept', '--if-match', stale]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/HTTP 412, Twilio error 20412/);
    expect(refused.stderr).toMatch(/meaning: precondition failed/);
    expect(refused.stderr).toMatch(/now: the reservation is pending/);
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
  });

  it('when the reservation is no longer pending, then an instruction exits 1 with its code, meaning and current status', async () => {
    sim.setReservationStatus(wr.sid, 'canceled');
    const run = await runCli(sim, ['update', ...ref(wr.sid), 'conference', '-p', 'to=client:bob']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^ERR_TASKROUTER_REJECTED: TaskRouter refused to apply conference to reservation WR\w+ \(HTTP 400, Twilio error 40136\)/,
    );
    expect(run.stderr).toMatch(/Twilio says: Unable to execute Conference instruction/);
    expect(run.stderr).toMatch(/meaning: conference: the reservation is no longer pending/);
    expect(run.stderr).toMatch(/what to do: run `reservations fetch`/);
    expect(run.stderr).toMatch(/more: https:\/\/www\.twilio\.com\/docs\/errors\/40136/);
    expect(run.stderr).toMatch(/now: the reservation is canceled/);
    expect(sim.updatesFor(wr.sid)).toEqual([]);
  });

  it('when accept meets a reservation already accepted, then it exits 1 with 20001 and its meaning', async () => {
    expect((await runCli(sim, ['update', ...ref(wr.sid), 'accept'])).code).toBe(0);
    const again = await runCli(sim, ['update', ...ref(wr.sid), 'accept']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/HTTP 400, Twilio error 20001/);
    expect(again.stderr).toMatch(/not currently in a Pending state/);
    expect(again.stderr).toMatch(/meaning: invalid parameter/);
    expect(again.stderr).toMatch(/now: the reservation is accepted/);
  });

  it('when the credentials are wrong, then a clear 20003 message names the variables to check', async () => {
    const run = await runCli(sim, ['fetch', ...ref(wr.sid)], { TWILIO_AUTH_TOKEN: WRONG_TOKEN });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/HTTP 401, Twilio error 20003/);
    expect(run.stderr).toMatch(/meaning: authentication failed/);
    expect(run.stderr).toMatch(/TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN/);
  });

  it('when an API key pair is set instead of the token, then it authenticates', async () => {
    const run = await runCli(sim, ['fetch', ...ref(wr.sid)], {
      TWILIO_AUTH_TOKEN: undefined,
      TWILIO_API_KEY: API_KEY,
      TWILIO_API_SECRET: API_SECRET,
    });
    expect(run.code).toBe(0);
  });

  it('when a credential is missing, then the variable is named and nothing is sent', async () => {
    const run = await runCli(sim, ['fetch', ...ref(wr.sid)], { TWILIO_AUTH_TOKEN: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: TWILIO_AUTH_TOKEN is not set/);
    expect(sim.requests).toEqual([]);
  });

  it('when --dry-run is given, then the REST form is printed and no request is made, even without credentials', async () => {
    const run = await runCli(
      sim,
      [
        'update',
        ...ref(wr.sid),
        'dequeue',
        '-p',
        'from=+18001231234',
        '-p',
        'statusCallbackEvent=ringing,completed',
        '--dry-run',
      ],
      { TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined },
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      dryRun: true,
      method: 'POST',
      url: `${sim.url}/v1/Workspaces/${WS}/Tasks/${WT}/Reservations/${wr.sid}`,
      headers: {},
      form: {
        Instruction: 'dequeue',
        DequeueFrom: '+18001231234',
        DequeueStatusCallbackEvent: ['ringing', 'completed'],
      },
      body: 'Instruction=dequeue&DequeueFrom=%2B18001231234&DequeueStatusCallbackEvent=ringing&DequeueStatusCallbackEvent=completed',
    });
    expect(sim.requests).toEqual([]);
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
  });

  it('when the dry-run form is sent for real, then the simulator receives exactly those fields', async () => {
    const args = [
      'update',
      ...ref(wr.sid),
      'conference',
      '-p',
      'from=+1800',
      '-p',
      'statusCallbackEvent=initiated,completed',
      '-p',
      'beep=onExit',
    ];
    const preview = JSON.parse((await runCli(sim, [...args, '--dry-run'])).stdout) as {
      form: FieldMap;
    };
    expect((await runCli(sim, args)).code).toBe(0);
    expect(sim.updatesFor(wr.sid)[0]?.form).toEqual(preview.form);
  });

  it('when params are invalid, then every problem is listed and nothing is sent', async () => {
    const run = await runCli(sim, [
      'update',
      ...ref(wr.sid),
      'redirect',
      '-p',
      'callSid=CA1',
      '-p',
      'acept=true',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'error: --param callSid: expected a CA SID (CA and 32 hex digits) but found "CA1"',
    );
    expect(run.stderr).toContain(
      "error: --param acept: unknown param for redirect: did you mean 'accept'?",
    );
    expect(run.stderr).toContain("error: redirect requires the param 'url': add --param url=…");
    expect(run.stderr).toContain('reservations update --help');
    expect(sim.requests).toEqual([]);
  });

  it('when TaskRouter cannot be reached, then it says nothing was sent', async () => {
    const run = await runCli(sim, ['fetch', ...ref(wr.sid)], {
      TASKROUTER_BASE_URL: 'http://127.0.0.1:1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ERR_TASKROUTER_UNAVAILABLE: could not fetch reservation/);
    expect(run.stderr).toMatch(/could not be reached; nothing was sent/);
  });

  it('when --help is asked for, then help goes to stdout with exit 0 and nothing is sent', async () => {
    const run = await runCli(sim, ['update', 'conference', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Params of conference:/);
    expect(run.stdout).toMatch(
      /conferenceStatusCallbackEvent +list \(comma-separated: start,end,join/,
    );
    const bare = await runCli(sim, []);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: taskrouter-assigner reservations/);
    expect(sim.requests).toEqual([]);
  });
});

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('reservations CLI through the real bin', () => {
  let sim: Simulator;

  beforeAll(async () => {
    // `npm test` builds dist/ before running the tests; bin/ runs what was built.
    if (!existsSync(join(root, 'dist/cli.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    }
    sim = await startSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const bin = async (argv: string[], env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await exec(
        process.execPath,
        ['bin/taskrouter-assigner.js', 'reservations', ...argv],
        {
          cwd: root,
          env: {
            PATH: process.env.PATH ?? '',
            TWILIO_ACCOUNT_SID: ACCOUNT_SID,
            TWILIO_AUTH_TOKEN: AUTH_TOKEN,
            TASKROUTER_BASE_URL: sim.url,
            ...env,
          },
        },
      );
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('when the bin updates and fetches, then JSON is on stdout, errors on stderr, and the exit codes say which', async () => {
    const wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    const accepted = await bin(['update', ...ref(wr.sid), 'accept']);
    expect(accepted).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(accepted.stdout)).toMatchObject({
      sid: wr.sid,
      reservationStatus: 'accepted',
    });

    const again = await bin([
      'update',
      ...ref(wr.sid),
      'redirect',
      '-p',
      `callSid=${CA}`,
      '-p',
      'url=https://e.com/r',
    ]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/Twilio error 40123/);
    expect(again.stderr).toMatch(
      /meaning: the redirect instruction cannot run: the reservation is no longer pending/,
    );

    const wrong = await bin(['fetch', ...ref(wr.sid)], { TWILIO_AUTH_TOKEN: WRONG_TOKEN });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Twilio error 20003/);
    expect(wrong.stderr).not.toContain(WRONG_TOKEN);
    expect(sim.violations).toEqual([]);
  }, 60_000);
});
