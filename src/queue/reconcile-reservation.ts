import { attemptMark } from '../state/timeline/timeline-mark.js';
import { classifyFailure } from '../taskrouter/classify-failure.js';
import { targetStatus } from '../taskrouter/target-status.js';
import type { ReservationSnapshot } from '../taskrouter/types.js';
import { finish } from './finish-job.js';
import { asStatus, timeLeft, type JobContext, type JobOutcome } from './job-context.js';
import { failRefused, scheduleRetry } from './schedule-retry.js';

/**
 * Fetches the reservation to learn whether an update already took effect. Returns the finished
 * outcome when it did (or when something else settled the reservation, or when the fetch was
 * refused: a 401/403/404 on a fetch is as final as on an update), else the ETag to send with the
 * next update. A fetch that failed for a reason worth retrying marks the record `unconfirmed`, so
 * the next attempt fetches again before updating.
 */
export async function reconcile(
  ctx: JobContext,
): Promise<{ outcome: JobOutcome } | { etag: string | undefined }> {
  const { deps } = ctx;
  const timeoutMs = Math.min(deps.policy.httpTimeoutMs, timeLeft(ctx));
  if (timeoutMs < deps.policy.minAttemptMs) {
    return { outcome: await finish(ctx, 'expired', 'deadline') };
  }
  let snap: ReservationSnapshot;
  const started = deps.now();
  try {
    snap = await deps.gateway.fetchReservation(ctx.ref, { timeoutMs });
    deps.timeline.note(
      ctx.data.reservationSid,
      attemptMark('fetch', started, deps.now(), { httpStatus: 200 }),
    );
  } catch (err) {
    const failure = classifyFailure(err);
    deps.timeline.note(ctx.data.reservationSid, attemptMark('fetch', started, deps.now(), failure));
    if (failure.kind === 'rejected') {
      return { outcome: await failRefused(ctx, failure) };
    }
    await deps.store.patch(
      ctx.data.reservationSid,
      { reason: 'unconfirmed', lastError: failure.label },
      { live: true },
    );
    return { outcome: await scheduleRetry(ctx, failure, 'unconfirmed') };
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
