import { createServer } from 'node:http';
import { createAssignmentSender } from './callbacks/create-assignment-sender.js';
import { createWorkspaceState } from './workspace/create-workspace-state.js';
import { createEventSender } from './callbacks/create-event-sender.js';
import { createSignedPoster } from './callbacks/create-signed-poster.js';
import { createBasicAuthCheck, type Credential } from './check-basic-auth.js';
import { createClock } from './create-clock.js';
import { createLedger } from './create-ledger.js';
import { createRequestHandler } from './create-request-handler.js';
import { createWaiters } from './create-waiters.js';
import { createFaultControl } from './faults/create-fault-control.js';
import { listen } from './http/listen.js';
import { createConformanceCheck } from './openapi/create-conformance-check.js';
import {
  createReservationBook,
  type ReservationChange,
} from './reservations/create-reservation-book.js';
import { createRoutes } from './routes/create-routes.js';
import type { Simulator, SimulatorOptions } from './simulator-types.js';
import { summarize } from './summary/summarize.js';
import type { CallbackRecord, ReservationStatus } from './types.js';

export type { Simulator, SimulatorOptions } from './simulator-types.js';

/** TaskRouter's default `TaskReservationTimeout`, seconds (taskrouter-facts.md §1). */
export const DEFAULT_RESERVATION_TIMEOUT = 120;

/**
 * Starts a local stand-in for Twilio TaskRouter: the Reservation and Workflow REST operations of
 * the OpenAPI document (every request checked against it), signed Assignment Callbacks with
 * inline instructions and fallback, and signed reservation Event Callbacks.
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
  const speed = opts.clock ? 1 : (opts.speed ?? 1);
  const clock = opts.clock ?? createClock({ speed });
  const waiters = createWaiters();
  const listeners = new Set<(change: ReservationChange) => void>();
  const workflows = new Map(Object.entries(opts.workflows ?? {}));
  const defaultTimeout = opts.defaultReservationTimeout ?? DEFAULT_RESERVATION_TIMEOUT;
  const callbacks: CallbackRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  const track = (p: Promise<void> | null) => {
    if (p) {
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  };
  const record = (c: CallbackRecord) => {
    callbacks.push(c);
    waiters.notify();
  };
  const poster = createSignedPoster(opts.authToken);
  const workspace = createWorkspaceState({
    friendlyName: opts.workspaceName ?? 'Simulated Workspace',
    ...(opts.eventCallbackUrl !== undefined && { eventCallbackUrl: opts.eventCallbackUrl }),
    ...(opts.eventsFilter !== undefined && { eventsFilter: opts.eventsFilter }),
  });
  const sendEvent = createEventSender({
    poster,
    clock,
    workspace: () => workspace.get(),
    timeoutMs: opts.eventCallbackTimeoutMs ?? 15_000,
    record,
  });
  const book = createReservationBook({
    clock,
    accountSid: opts.accountSid,
    timeoutFor: (wf) =>
      (wf === null ? undefined : workflows.get(wf)?.taskReservationTimeout) ?? defaultTimeout,
    onChange(change) {
      track(sendEvent(change));
      for (const l of listeners) {
        l(change);
      }
      waiters.notify();
    },
  });
  const sendAssignment = createAssignmentSender({
    poster,
    clock,
    book,
    workflows,
    timeoutMs: opts.assignmentCallbackTimeoutMs ?? 5_000,
    record,
  });
  const ledger = createLedger(() => waiters.notify());
  const faults = createFaultControl();
  const credentials: Credential[] = [{ username: opts.accountSid, password: opts.authToken }];
  if (opts.apiKey !== undefined && opts.apiSecret !== undefined) {
    credentials.push({ username: opts.apiKey, password: opts.apiSecret });
  }
  const delays = new Set<NodeJS.Timeout>();
  let summaryTasks: (() => Readonly<Record<string, number>>) | null = null;
  let url = '';
  const auto = opts.autoCreateReservations;
  const summary = () =>
    summarize({
      reservations: book.list(),
      callbacks,
      requests: ledger.entries,
      violations: ledger.violations,
      speed,
      ...(summaryTasks && { tasks: summaryTasks() }),
    });
  const server = createServer(
    { keepAlive: true },
    createRequestHandler({
      check: createConformanceCheck(),
      routes: createRoutes({
        book,
        autoCreate: auto === true ? {} : auto || null,
        workflows,
        workspace,
        accountSid: opts.accountSid,
        baseUrl: () => url,
        startedAt: clock.now(),
        speed,
      }),
      isAuthorized: createBasicAuthCheck(credentials),
      faults,
      ledger,
      clock,
      ownRoute: (method, path) =>
        method === 'GET' && path === '/summary' ? { status: 200, body: summary() } : null,
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
  const bound = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  url = bound.url;

  return {
    url,
    port: bound.port,
    clock,
    requests: ledger.entries,
    violations: ledger.violations,
    callbacks,
    faults,
    createReservation(input) {
      const r = book.create(input);
      if (input.sendAssignmentCallback !== false) {
        track(sendAssignment(r));
      }
      return r;
    },
    resendAssignmentCallback(sid) {
      const r = book.get(sid);
      if (!r) {
        return Promise.reject(new Error(`no reservation ${sid}`));
      }
      const sending = sendAssignment(r);
      track(sending);
      return sending;
    },
    reservation: (sid) => book.get(sid),
    reservations: (filter) => book.list(filter),
    setReservationStatus: (sid, status) => book.transition(sid, status, 'external'),
    setWorkflow(sid, settings) {
      workflows.set(sid, settings);
    },
    workflow: (sid) => workflows.get(sid),
    workspace: () => workspace.get(),
    setWorkspace: (settings) => workspace.set(settings),
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
    async drainCallbacks() {
      while (inFlight.size > 0) {
        await Promise.all([...inFlight]);
      }
    },
    summary,
    extendSummary(tasks) {
      summaryTasks = tasks;
    },
    reset() {
      ledger.clear();
      faults.clear();
      book.clear();
      callbacks.length = 0;
    },
    async close() {
      for (const t of delays) {
        clearTimeout(t);
      }
      delays.clear();
      book.stopTimers();
      poster.close();
      waiters.cancelAll('simulator closed');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
