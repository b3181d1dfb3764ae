import {
  TERMINAL_STATES,
  type ReservationPatch,
  type ReservationRecord,
  type ReservationState,
} from '../state/reservation-record.js';
import { attemptMark } from '../state/timeline/timeline-mark.js';
import { classifyFailure, type Failure } from '../taskrouter/classify-failure.js';
import type { ReservationJobData } from './contract.js';
import { finish } from './finish-job.js';
import {
  asStatus,
  createJobContext,
  timeLeft,
  type JobContext,
  type JobOutcome,
  type ProcessorDeps,
} from './job-context.js';
import { reconcile } from './reconcile-reservation.js';
import { failRefused, scheduleRetry } from './schedule-retry.js';

export type { JobOutcome, ProcessorDeps } from './job-context.js';

/**
 * Carries one decision to TaskRouter: at most one update per attempt, never after the deadline,
 * and, after any outcome that leaves it unsure whether an update took effect, a fetch of the
 * reservation before anything else is sent. A plain function of its job data and deps, kept
 * apart from BullMQ (`create-reservation-worker.ts` turns its outcome into queue moves).
 * @param run - how many times the job has been run, this run included (BullMQ's
 *   `attemptsStarted`): the retry backoff grows with it.
 */
export async function processReservationJob(
  data: ReservationJobData,
  deps: ProcessorDeps,
  run = 1,
): Promise<JobOutcome> {
  const limits = { deadline: data.deadline, minAttemptMs: deps.policy.minAttemptMs };
  let started = await deps.store.startAttempt(data.reservationSid, limits);
  if (!started.record && !started.marked) {
    // No record yet: the add overtook its claim. Asked again with the job's fields, the store
    // writes the record (unless the claim has landed meanwhile), so the late claim cannot leave
    // this reservation `decided` after it is done. Only on this rare path: the plain one sends
    // none of them.
    started = await deps.store.startAttempt(data.reservationSid, {
      ...limits,
      adopt: {
        reservationSid: data.reservationSid,
        taskSid: data.taskSid,
        workspaceSid: data.workspaceSid,
        mode: 'async',
        rule: data.rule,
        instruction: data.kind,
        receivedAt: data.receivedAt,
        deadline: data.deadline,
      },
    });
  }
  const record = started.record;
  const early = settledAlready(record);
  if (early) {
    return early.state === 'skipped' && record?.state !== 'skipped'
      ? finish(createJobContext(data, deps, record, run), 'skipped', 'not-pending', early.extra)
      : { kind: 'finished', state: early.state, reason: 'already-finished' };
  }
  const ctx = createJobContext(data, deps, record, run);
  if (ctx.attempt === 1) {
    deps.metrics.queueWaitSeconds.observe(Math.max(0, deps.now() - data.receivedAt) / 1000);
  }
  // The plain case (the store checked it and marked the record in the same step).
  if (started.marked) {
    if (!record) {
      ctx.log.info(
        'no record when the job started (its add reached Redis before its claim): written from the job',
      );
    }
    return attemptUpdate(ctx, undefined);
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

async function attemptUpdate(ctx: JobContext, ifMatch: string | undefined): Promise<JobOutcome> {
  const { deps } = ctx;
  const timeoutMs = Math.min(deps.policy.httpTimeoutMs, timeLeft(ctx));
  const started = deps.now();
  try {
    const opts = ifMatch ? { timeoutMs, ifMatch } : { timeoutMs };
    const res = await deps.gateway.updateReservation(ctx.ref, ctx.instruction, opts);
    const mark = attemptMark('update', started, deps.now(), { httpStatus: 200 });
    deps.metrics.deadlineMarginSeconds.observe(Math.max(0, timeLeft(ctx)) / 1000);
    return finish(
      ctx,
      'done',
      'updated',
      { reservationStatus: asStatus(res.reservationStatus) },
      mark,
    );
  } catch (err) {
    const failure = classifyFailure(err);
    deps.timeline.note(
      ctx.data.reservationSid,
      attemptMark('update', started, deps.now(), failure),
    );
    return handleFailure(ctx, failure);
  }
}

async function handleFailure(ctx: JobContext, failure: Failure): Promise<JobOutcome> {
  // Refused credentials or an unknown reservation: a fetch would be refused alike.
  if (failure.kind === 'rejected' && failure.refusal !== 'request') {
    return failRefused(ctx, failure);
  }
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
