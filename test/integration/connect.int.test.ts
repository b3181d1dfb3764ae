import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectCommand } from '../../src/cli/connect/command.js';
import { REQUIRED_EVENTS } from '../../src/cli/shared/callback-targets.js';
import { startSimulator, type Simulator } from '../../src/simulator/start-simulator.js';
import { captureIo } from '../support/capture-io.js';
import { newSid } from '../support/sids.js';
import { ACCOUNT_SID, AUTH_TOKEN, WS } from '../support/simulator-client.js';

const PUBLIC = 'https://assigner.example.com';
const WW1 = newSid('WW');
const WW2 = newSid('WW');

describe('connect against the simulator', () => {
  let sim: Simulator;
  const env = (over: Record<string, string> = {}) => ({
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TASKROUTER_BASE_URL: sim.url,
    PUBLIC_BASE_URL: PUBLIC,
    ...over,
  });
  const run = async (argv: string[], over: Record<string, string> = {}) => {
    const cap = captureIo(env(over));
    const code = await createConnectCommand(cap.io)(['--workspace', WS, ...argv]);
    return { code, stdout: cap.stdout(), stderr: cap.stderr() };
  };
  const updates = () => sim.requests.filter((r) => r.operation?.startsWith('Update'));

  beforeEach(async () => {
    sim = await startSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      workflows: {
        [WW1]: { taskReservationTimeout: 120, friendlyName: 'sales' },
        [WW2]: {
          taskReservationTimeout: 60,
          friendlyName: 'support',
          assignmentCallbackUrl: `${PUBLIC}/old`,
        },
      },
      eventsFilter: 'task.created,reservation.accepted',
    });
  });
  afterEach(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it('when run without --apply, then it prints each field as it is and would be, changes nothing, exit 3', async () => {
    const r = await run([]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`Workflow ${WW1} (sales)`);
    expect(r.stdout).toContain(
      '~ AssignmentCallbackUrl\n      is:      (unset)\n      becomes: https://assigner.example.com/taskrouter/assignment',
    );
    expect(r.stdout).toContain(`      is:      ${PUBLIC}/old`);
    expect(r.stdout).toContain('      becomes: https://assigner.example.com/taskrouter/events');
    expect(r.stdout).toContain(
      `      becomes: task.created,reservation.accepted,${REQUIRED_EVENTS.filter((e) => e !== 'reservation.accepted').join(',')}`,
    );
    expect(r.stdout).toMatch(/4 change\(s\) pending; run again with --apply/);
    expect(updates()).toEqual([]);
    expect(sim.workflow(WW1)?.assignmentCallbackUrl).toBeUndefined();
  });

  it('when run with --apply, then TaskRouter calls the service, the result is fetched again, and the restore command is printed; a second run has nothing to do', async () => {
    const r = await run(['--apply', '--fallback-url', 'https://fallback.example.com/a']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(sim.workflow(WW1)).toMatchObject({
      assignmentCallbackUrl: `${PUBLIC}/taskrouter/assignment`,
      fallbackAssignmentCallbackUrl: 'https://fallback.example.com/a',
    });
    expect(sim.workflow(WW2)?.assignmentCallbackUrl).toBe(`${PUBLIC}/taskrouter/assignment`);
    expect(sim.workspace().eventCallbackUrl).toBe(`${PUBLIC}/taskrouter/events`);
    expect(sim.workspace().eventsFilter?.split(',')).toEqual(
      expect.arrayContaining(['task.created', ...REQUIRED_EVENTS]),
    );
    expect(r.stdout).toContain('Now in force:');
    expect(r.stdout).toContain(
      `curl -sS -X POST '${sim.url}/v1/Workspaces/${WS}/Workflows/${WW2}' -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" --data-urlencode 'AssignmentCallbackUrl=${PUBLIC}/old'`,
    );
    expect(r.stdout).toContain(`--data-urlencode 'EventsFilter=task.created,reservation.accepted'`);
    expect(r.stdout).not.toContain(AUTH_TOKEN);
    expect(
      updates()
        .map((u) => u.operation)
        .sort(),
    ).toEqual(['UpdateWorkflow', 'UpdateWorkflow', 'UpdateWorkspace']);

    const before = updates().length;
    const again = await run(['--apply', '--fallback-url', 'https://fallback.example.com/a']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to do');
    expect(updates()).toHaveLength(before);
  });

  it('when --workflow names one, then only that Workflow is read and changed', async () => {
    const r = await run(['--workflow', WW1, '--apply']);
    expect(r.code).toBe(0);
    expect(sim.workflow(WW2)?.assignmentCallbackUrl).toBe(`${PUBLIC}/old`);
    expect(sim.requests.some((q) => q.operation === 'ListWorkflow')).toBe(false);
  });

  it('when a callback URL points at another host, then it refuses with the flag that overrides, and --take-over replaces it', async () => {
    sim.setWorkspace({ friendlyName: 'ws', eventCallbackUrl: 'https://other.example.net/events' });
    const r = await run(['--apply']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /refused: EventCallbackUrl points at other\.example\.net.*--take-over/,
    );
    expect(updates()).toEqual([]);
    const taken = await run(['--apply', '--take-over']);
    expect(taken.code).toBe(0);
    expect(sim.workspace().eventCallbackUrl).toBe(`${PUBLIC}/taskrouter/events`);
    expect(taken.stdout).toContain(
      `--data-urlencode 'EventCallbackUrl=https://other.example.net/events'`,
    );
  });

  it('when PUBLIC_BASE_URL is http on a public host, then it is refused before anything is sent; loopback http is accepted', async () => {
    const r = await run(['--apply'], { PUBLIC_BASE_URL: 'http://assigner.example.com' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PUBLIC_BASE_URL must be https:\/\//);
    expect(sim.requests).toEqual([]);
    const local = await run(['--workflow', WW1], { PUBLIC_BASE_URL: 'http://127.0.0.1:3000' });
    expect(local.code).toBe(3);
  });

  it("when the token is wrong, then it fails with Twilio's code and what to do, exit 1", async () => {
    const r = await run([], { TWILIO_AUTH_TOKEN: 'wrong-token' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 401, Twilio error 20003/);
    expect(r.stderr).not.toContain('wrong-token');
  });

  it('when an argument is wrong, then it is a usage error, exit 2', async () => {
    const cap = captureIo(env());
    expect(await createConnectCommand(cap.io)(['--workspace', 'WSnope'])).toBe(2);
    expect(cap.stderr()).toMatch(/--workspace: expected WS and 32 hex digits/);
  });
});
