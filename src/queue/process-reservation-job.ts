import type { Instruction, InstructionParams } from '../rules/types.js';
import type { Logger } from '../shared/logger.js';
import type { Metrics } from '../shared/create-metrics.js';
import { isReservationStatus } from '../shared/reservation-status.js';
import type { Sealer } from '../shared/create-sealer.js';
import {
  TERMINAL_STATES,
  type ReservationPatch,
  type ReservationRecord,
  type ReservationState,
  type ReservationStatus,
} from '../state/reservation-record.js';
import type { ReservationStore } from '../state/reservation-store.js';
import { classifyFailure, type Failure } from '../taskrouter/classify-failure.js';
import { targetStatus } from '../taskrouter/target-status.js';
import type {
  ReservationRef,
  ReservationSnapshot,
  TaskRouterGateway,
} from '../taskrouter/types.js';
import { computeRetryDelay, type RetryPolicy } from './compute-retry-delay.js';
import type { ReservationJobData } from './contract.js';

/** What the worker machinery must do with the job next. */
export type JobOutcome =
  | { readonly kind: 'finished'; readonly state: ReservationState; readonly reason: string }
  | { readonly kind: 'retry'; readonly at: number }
  | { readonly kind: 'rate-limited'; readonly ms: number };

export interface ProcessorDeps {
  readonly store: ReservationStore;
  readonly gateway: TaskRouterGateway;
  readonly sealer: Sealer;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => number;
  readonly random: () => number;
  readonly policy: RetryPolicy & {
    /** Upper bound of one HTTP attempt. */
    readonly httpTimeoutMs: number;
    /** An attempt with less time than this left before the deadline is not started. */
    readonly minAttemptMs: number;
  };
}

interface Ctx {
  readonly data: ReservationJobData;
  readonly deps: ProcessorDeps;
  readonly ref: ReservationRef;
  readonly instruction: Instruction;
  readonly attempt: number;
  readonly log: Logger;
}

/**
 * Carries one decision to TaskRouter: at most one update per attempt, never after the deadline,
 * and, after any outcome that leaves it unsure whether an update took effect, a fetch of the
 * reservation before anything else is sent. A plain function of its job data and deps, kept
 * apart from BullMQ (`create-reservation-worker.ts` turns its outcome into queue moves).
 */
export async function processReservationJob(
  data: ReservationJobData,
  deps: ProcessorDeps,
): Promise<JobOutcome> {
  const record = await deps.store.get(data.reservationSid);
  const early = settledAlready(record);
  if (early) {
    return early.state === 'skipped' && record?.state !== 'skipped'
      ? finish(baseCtx(data, deps, record), 'skipped', 'not-pending', early.extra)
      : { kind: 'finished', state: early.state, reason: 'already-finished' };
  }
  const ctx = baseCtx(data, deps, record);
  if (ctx.attempt === 1) {
    deps.metrics.queueWaitSeconds.observe(Math.max(0, deps.now() - data.receivedAt) / 1000);
  }
  let ifMatch: string | undefined;
  // A record still `updating` means an earlier run of this job died mid-attempt (worker killed,
  // lock lost, an error before the outcome was written): its update may have landed.
  if (record?.reason === 'unconfirmed' || record?.state === 'updating') {
    const checked = await reconcile(ctx);
    if ('outcome' in checked) {
      return checked.outcome;
    }
    ifMatch = checked.etag;
  }
  if (timeLeft(ctx) < deps.policy.minAttemptMs) {
    return finish(ctx, 'expired', 'deadline');
  }
  const marked = await deps.store.patch(
    data.reservationSid,
    { state: 'updating', attempts: ctx.attempt },
    { live: true },
  );
  if (marked !== 'ok' && marked !== 'missing') {
    return { kind: 'finished', state: marked, reason: 'already-finished' };
  }
  return attemptUpdate(ctx, ifMatch);
}

function baseCtx(
  data: ReservationJobData,
  deps: ProcessorDeps,
  record: ReservationRecord | null,
): Ctx {
  const params = deps.sealer.open(data.sealedParams) as InstructionParams;
  return {
    data,
    deps,
    ref: {
      workspaceSid: data.workspaceSid,
      taskSid: data.taskSid,
      reservationSid: data.reservationSid,
    },
    instruction: { kind: data.kind, params },
    attempt: (record?.attempts ?? 0) + 1,
    log: deps.log.child({
      reservationSid: data.reservationSid,
      taskSid: data.taskSid,
      workerSid: record?.workerSid,
      rule: data.rule,
      instruction: data.kind,
      mode: 'async',
    }),
  };
}

function settledAlready(
  record: ReservationRecord | null,
): { state: ReservationState; extra: ReservationPatch } | null {
  if (record && TERMINAL_STATES.has(record.state)) {
    return { state: record.state, extra: {} };
  }
  // An event (canceled, rescinded, timeout…) said the reservation is no longer pending.
  if (record?.reservationStatus && record.reservationStatus !== 'pending') {
    return { state: 'skipped', extra: { reservationStatus: record.reservationStatus } };
  }
  return null;
}

const timeLeft = (ctx: Ctx) => ctx.data.deadline - ctx.deps.now();

async function attemptUpdate(ctx: Ctx, ifMatch: string | undefined): Promise<JobOutcome> {
  const { deps } = ctx;
  const timeoutMs = Math.min(deps.policy.httpTimeoutMs, timeLeft(ctx));
  const started = deps.now();
  try {
    const opts = ifMatch ? { timeoutMs, ifMatch } : { timeoutMs };
    const res = await deps.gateway.updateReservation(ctx.ref, ctx.instruction, opts);
    observeRest(deps, 'update', started, '2xx', '');
    deps.metrics.deadlineMarginSeconds.observe(Math.max(0, timeLeft(ctx)) / 1000);
    return finish(ctx, 'done', 'updated', { reservationStatus: asStatus(res.reservationStatus) });
  } catch (err) {
    const failure = classifyFailure(err);
    observeFailure(deps, 'update', started, failure);
    return handleFailure(ctx, failure);
  }
}

async function handleFailure(ctx: Ctx, failure: Failure): Promise<JobOutcome> {
  if (failure.kind === 'rejected') {
    const checked = await reconcile(ctx);
    if ('outcome' in checked) {
      return checked.outcome;
    }
    return finish(ctx, 'failed', 'rejected', {
      lastError: failure.label,
      reservationStatus: 'pending',
    });
  }
  if (failure.kind === 'retryable' && failure.applied === 'unknown') {
    const checked = await reconcile(ctx);
    if ('outcome' in checked) {
      return checked.outcome;
    }
    // Pending now, but the request may still land (an answer slower than our timeout): the next
    // attempt fetches again and sends that ETag as If-Match, so a late landing makes it a 412.
    await ctx.deps.store.patch(ctx.data.reservationSid, { reason: 'unconfirmed' }, { live: true });
  }
  return scheduleRetry(ctx, failure);
}

async function scheduleRetry(ctx: Ctx, failure: Failure): Promise<JobOutcome> {
  const { deps } = ctx;
  const retryAfter = failure.kind === 'rate-limited' ? failure.retryAfterMs : undefined;
  const delay = computeRetryDelay(ctx.attempt, deps.policy, deps.random, retryAfter);
  if (timeLeft(ctx) - delay < deps.policy.minAttemptMs) {
    return finish(ctx, 'expired', 'deadline', { lastError: failure.label });
  }
  const reason = failure.kind === 'rate-limited' ? 'rate_limited' : 'transient';
  deps.metrics.retries.inc({ reason });
  await deps.store.patch(
    ctx.data.reservationSid,
    { state: 'queued', lastError: failure.label },
    { live: true },
  );
  ctx.log.warn(
    { attempt: ctx.attempt, error: failure.label, retryInMs: delay, msLeft: timeLeft(ctx) },
    'update failed; retrying',
  );
  return failure.kind === 'rate-limited'
    ? { kind: 'rate-limited', ms: delay }
    : { kind: 'retry', at: deps.now() + delay };
}

/**
 * Fetches the reservation to learn whether an update already took effect. Returns the finished
 * outcome when it did (or when something else settled the reservation), else the ETag to send
 * with the next update. A failed fetch marks the record `unconfirmed`, so the next attempt
 * fetches again before updating.
 */
async function reconcile(
  ctx: Ctx,
): Promise<{ outcome: JobOutcome } | { etag: string | undefined }> {
  const { deps } = ctx;
  const timeoutMs = Math.min(deps.policy.httpTimeoutMs, timeLeft(ctx));
  if (timeoutMs < deps.policy.minAttemptMs) {
    return { outcome: await finish(ctx, 'expired', 'deadline') };
  }
  const started = deps.now();
  let snap: ReservationSnapshot;
  try {
    snap = await deps.gateway.fetchReservation(ctx.ref, { timeoutMs });
    observeRest(deps, 'fetch', started, '2xx', '');
  } catch (err) {
    const failure = classifyFailure(err);
    observeFailure(deps, 'fetch', started, failure);
    await deps.store.patch(
      ctx.data.reservationSid,
      { reason: 'unconfirmed', lastError: failure.label },
      { live: true },
    );
    deps.metrics.retries.inc({ reason: 'unconfirmed' });
    return { outcome: await scheduleRetry(ctx, failure) };
  }
  const status = asStatus(snap.reservationStatus);
  const target = targetStatus(ctx.instruction);
  if (status === target && target !== 'pending') {
    return { outcome: await finish(ctx, 'done', 'reconciled', { reservationStatus: status }) };
  }
  if (status !== undefined && status !== 'pending') {
    return { outcome: await finish(ctx, 'skipped', 'not-pending', { reservationStatus: status }) };
  }
  return { etag: snap.etag };
}

async function finish(
  ctx: Ctx,
  state: ReservationState,
  reason: string,
  extra: ReservationPatch = {},
): Promise<JobOutcome> {
  const { deps } = ctx;
  const result = await deps.store.patch(
    ctx.data.reservationSid,
    { ...extra, state, reason, finishedAt: deps.now() },
    { live: true },
  );
  if (result !== 'ok' && result !== 'missing') {
    return { kind: 'finished', state: result, reason: 'already-finished' };
  }
  deps.metrics.finished.inc({ state, reason });
  const level = state === 'done' || state === 'skipped' ? 'info' : 'warn';
  ctx.log[level](
    {
      state,
      reason,
      attempt: ctx.attempt,
      reservationStatus: extra.reservationStatus,
      lastError: extra.lastError,
      msSinceCallback: deps.now() - ctx.data.receivedAt,
      msLeft: ctx.data.deadline - deps.now(),
    },
    `reservation ${state}`,
  );
  return { kind: 'finished', state, reason };
}

const asStatus = (s: string): ReservationStatus | undefined =>
  isReservationStatus(s) ? s : undefined;

function observeRest(
  deps: ProcessorDeps,
  operation: string,
  started: number,
  statusClass: string,
  code: string,
) {
  deps.metrics.restSeconds.observe({ operation }, (deps.now() - started) / 1000);
  deps.metrics.restResults.inc({ operation, status_class: statusClass, twilio_code: code });
}

function observeFailure(deps: ProcessorDeps, operation: string, started: number, f: Failure) {
  observeRest(deps, operation, started, f.statusClass, f.twilioCode);
}
