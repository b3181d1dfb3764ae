import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBasicAuthCheck, type Credential } from './check-basic-auth.js';
import { createClock } from './create-clock.js';
import { createLedger } from './create-ledger.js';
import { createRequestHandler } from './create-request-handler.js';
import { createWaiters, type WaitOptions } from './create-waiters.js';
import { createFaultControl, type FaultControl } from './faults/create-fault-control.js';
import { createConformanceCheck } from './openapi/create-conformance-check.js';
import {
  createReservationBook,
  type ReservationChange,
  type ReservationFilter,
} from './reservations/create-reservation-book.js';
import { createRoutes } from './routes/create-routes.js';
import type { AutoCreateOptions } from './routes/lookup-reservation.js';
import type { RouteResult } from './routes/types.js';
import type {
  CreateReservationInput,
  LedgerEntry,
  ReservationStatus,
  ReservationView,
  SimClock,
  Violation,
  WorkflowSettings,
} from './types.js';

/** TaskRouter's default `TaskReservationTimeout`, seconds (taskrouter-facts.md §1). */
export const DEFAULT_RESERVATION_TIMEOUT = 120;

export interface SimulatorOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** An API key pair accepted as Basic credentials besides AccountSid/AuthToken. */
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** @defaultValue 0 (a free port) */
  readonly port?: number;
  /** @defaultValue '127.0.0.1' */
  readonly host?: string;
  /** Workflows by WW sid: their reservation timeout, and what FetchWorkflow shows. */
  readonly workflows?: Readonly<Record<string, WorkflowSettings>>;
  /** Seconds, for reservations without a known workflow. @defaultValue 120 */
  readonly defaultReservationTimeout?: number;
  /**
   * Create a pending reservation the first time an unknown WR sid is fetched or updated (under
   * the path's workspace and task/worker), instead of answering 404.
   * @defaultValue false
   */
  readonly autoCreateReservations?: boolean | AutoCreateOptions;
  /** @defaultValue the wall clock; pass `createManualClock()` to drive timeouts by hand. */
  readonly clock?: SimClock;
  /** Routes of the simulator's own (not TaskRouter's), e.g. `GET /summary`. */
  readonly ownRoutes?: (method: string, path: string) => RouteResult | null;
}

/** A running fake TaskRouter. See `startSimulator`. */
export interface Simulator {
  /** `http://host:port`, to set as `client.taskrouter.baseUrl` / `TASKROUTER_BASE_URL`. */
  readonly url: string;
  readonly port: number;
  readonly clock: SimClock;
  /** Every request received, in arrival order. */
  readonly requests: readonly LedgerEntry[];
  /** Every request that broke the OpenAPI (or Reservation) document; a test asserts it is empty. */
  readonly violations: readonly Violation[];
  readonly faults: FaultControl;
  createReservation(input: CreateReservationInput): ReservationView;
  reservation(sid: string): ReservationView | undefined;
  reservations(filter?: ReservationFilter): ReservationView[];
  /** Moves a reservation from outside (canceled, rescinded, timeout, completed, …), as TaskRouter would. */
  setReservationStatus(sid: string, status: ReservationStatus): ReservationView;
  setWorkflow(sid: string, settings: WorkflowSettings): void;
  /** The update requests that took effect on this reservation, in order. */
  updatesFor(reservationSid: string): LedgerEntry[];
  /** Called on every reservation change; returns an unsubscribe function. */
  onReservationChange(listener: (change: ReservationChange) => void): () => void;
  /** Resolves with the first truthy value of `probe`, re-checked on every request and change. */
  waitFor<T>(probe: () => T | null | undefined | false, opts?: WaitOptions): Promise<T>;
  /** Resolves once the reservation has one of the statuses. */
  waitForStatus(
    sid: string,
    status: ReservationStatus | readonly ReservationStatus[],
    opts?: WaitOptions,
  ): Promise<ReservationView>;
  /** Forgets requests, violations, faults and reservations (workflows stay). */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a local stand-in for Twilio TaskRouter's REST API: the Reservation and Workflow
 * operations of the OpenAPI document, every request checked against it.
 *
 * @example
 * const sim = await startSimulator({ accountSid: 'AC…', authToken: 'secret' });
 * const client = twilio('AC…', 'secret');
 * client.taskrouter.baseUrl = sim.url;
 * const wr = sim.createReservation({ workspaceSid: 'WS…', taskSid: 'WT…', workerSid: 'WK…' });
 * await client.taskrouter.v1.workspaces('WS…').tasks('WT…').reservations(wr.sid).update({ reservationStatus: 'accepted' });
 * expect(sim.reservation(wr.sid)?.status).toBe('accepted');
 * expect(sim.violations).toEqual([]);
 * await sim.close();
 */
export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const clock = opts.clock ?? createClock();
  const waiters = createWaiters();
  const listeners = new Set<(change: ReservationChange) => void>();
  const workflows = new Map(Object.entries(opts.workflows ?? {}));
  const defaultTimeout = opts.defaultReservationTimeout ?? DEFAULT_RESERVATION_TIMEOUT;
  const book = createReservationBook({
    clock,
    accountSid: opts.accountSid,
    timeoutFor: (wf) =>
      (wf === null ? undefined : workflows.get(wf)?.taskReservationTimeout) ?? defaultTimeout,
    onChange(change) {
      for (const l of listeners) {
        l(change);
      }
      waiters.notify();
    },
  });
  const ledger = createLedger(() => waiters.notify());
  const faults = createFaultControl();
  const credentials: Credential[] = [{ username: opts.accountSid, password: opts.authToken }];
  if (opts.apiKey !== undefined && opts.apiSecret !== undefined) {
    credentials.push({ username: opts.apiKey, password: opts.apiSecret });
  }
  const delays = new Set<NodeJS.Timeout>();
  let url = '';
  const auto = opts.autoCreateReservations;
  const routes = createRoutes({
    book,
    autoCreate: auto === true ? {} : auto || null,
    workflows,
    accountSid: opts.accountSid,
    baseUrl: () => url,
    startedAt: clock.now(),
  });
  const server = createServer(
    { keepAlive: true },
    createRequestHandler({
      check: createConformanceCheck(),
      routes,
      isAuthorized: createBasicAuthCheck(credentials),
      faults,
      ledger,
      clock,
      ownRoute: opts.ownRoutes ?? (() => null),
      delay: (ms) =>
        new Promise((resolve) => {
          const t = setTimeout(() => {
            delays.delete(t);
            resolve();
          }, ms);
          delays.add(t);
        }),
    }),
  );
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;

  const sim: Simulator = {
    url,
    port,
    clock,
    requests: ledger.entries,
    violations: ledger.violations,
    faults,
    createReservation: (input) => book.create(input),
    reservation: (sid) => book.get(sid),
    reservations: (filter) => book.list(filter),
    setReservationStatus: (sid, status) => book.transition(sid, status, 'external'),
    setWorkflow(sid, settings) {
      workflows.set(sid, settings);
    },
    updatesFor: (sid) =>
      ledger.entries.filter(
        (e) => e.reservationSid === sid && e.applied === true && e.operation?.startsWith('Update'),
      ),
    onReservationChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor: (probe, waitOpts) => waiters.waitFor(probe, waitOpts),
    waitForStatus(sid, status, waitOpts) {
      const wanted: readonly ReservationStatus[] = typeof status === 'string' ? [status] : status;
      return waiters.waitFor(
        () => {
          const r = book.get(sid);
          return r && wanted.includes(r.status) ? r : undefined;
        },
        { description: `reservation ${sid} to become ${wanted.join('|')}`, ...waitOpts },
      );
    },
    reset() {
      ledger.clear();
      faults.clear();
      book.clear();
    },
    async close() {
      for (const t of delays) {
        clearTimeout(t);
      }
      delays.clear();
      book.clear();
      waiters.cancelAll('simulator closed');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  return sim;
}
