import twilio from 'twilio';
import type { Simulator } from '../../src/simulator/start-simulator.js';

/** Credentials and SIDs the simulator suites share (any well-formed values do). */
export const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
export const AUTH_TOKEN = 'simulator-test-token';
export const WS = `WS${'1'.repeat(32)}`;
export const WT = `WT${'2'.repeat(32)}`;
export const WK = `WK${'3'.repeat(32)}`;
export const WW = `WW${'4'.repeat(32)}`;
export const WA = `WA${'5'.repeat(32)}`;
export const CA = `CA${'6'.repeat(32)}`;

/** A real twilio client whose TaskRouter calls go to the simulator (edge/region left unset). */
export function clientFor(
  sim: Simulator,
  opts: { timeout?: number; authToken?: string } = {},
): twilio.Twilio {
  const client = twilio(
    ACCOUNT_SID,
    opts.authToken ?? AUTH_TOKEN,
    opts.timeout === undefined ? {} : { timeout: opts.timeout },
  );
  client.taskrouter.baseUrl = sim.url;
  return client;
}

/** The reservation context of the library for a reservation of the shared workspace and task. */
export function reservationApi(client: twilio.Twilio, sid: string, taskSid: string = WT) {
  return client.taskrouter.v1.workspaces(WS).tasks(taskSid).reservations(sid);
}

/** What a promise rejected with (fails the test when it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected the call to fail, and it succeeded');
}
