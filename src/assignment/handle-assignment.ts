import type { RulesInForce, RulesSource } from '../rules/rules-in-force.js';
import type { Decision, Instruction } from '../rules/types.js';
import type { Metrics } from '../shared/create-metrics.js';
import type { Sealer } from '../shared/create-sealer.js';
import type { Logger } from '../shared/logger.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { ClaimResult, ReservationStore } from '../state/reservation-store.js';
import type { ReservationTimeline } from '../state/timeline/reservation-timeline.js';
import type { ReservationProducer } from '../queue/create-reservation-producer.js';
import type { ReservationJobData } from '../queue/contract.js';
import { toInlineResponse } from '../taskrouter/to-inline-response.js';
import { answerDegraded, jobMayExist } from './answer-degraded.js';
import { createReservationWriter, type ReservationWriter } from './create-reservation-writer.js';
import { EMPTY_ANSWER, type AssignmentAnswer } from './assignment-answer.js';
import type { ReservationTimeouts } from './create-reservation-timeouts.js';
import type { AssignmentCallback } from './parse-assignment-callback.js';
import { noteLaterDelivery } from './note-later-delivery.js';
import { settleWithin } from './settle-within.js';
import { writeRecordBehind } from './write-record-behind.js';

export interface AssignmentDeps {
  readonly rules: RulesSource;
  readonly store: Pick<ReservationStore, 'claim' | 'claimMany'>;
  /** A later delivery is noted on the reservation's timeline (not waited for). */
  readonly timeline: ReservationTimeline;
  readonly producer: Pick<ReservationProducer, 'enqueue'>;
  /**
   * Writes the records of answers that did not wait for Redis (the web process gathers them:
   * `RECORD_GATHER_MS`). @defaultValue a writer over `store` that sends each at once
   */
  readonly writer?: ReservationWriter;
  readonly timeouts: ReservationTimeouts;
  readonly sealer: Sealer;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => number;
  /** Subtracted from the Workflow's timeout so the last update lands before TaskRouter gives up. */
  readonly deadlineMarginMs: number;
  /**
   * `CALLBACK_BUDGET_MS`: the most time from the handler's start to its answer, whatever Redis or
   * TaskRouter do. A little of it is kept back for sending the answer.
   */
  readonly budgetMs: number;
}

export type { AssignmentAnswer } from './assignment-answer.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The answer and the rule that chose it (sent as `X-Assigner-Rule`, for rehearsals and debugging). */
export interface AssignmentResult {
  readonly answer: AssignmentAnswer;
  readonly rule: string | null;
}

/** What became of the claim and the add by the time the handler stopped waiting for them. */
interface Progress {
  claim?: PromiseSettledResult<ClaimResult>;
  queue?: PromiseSettledResult<void>;
}

/**
 * Decides a verified callback and hands the decision on, inside `budgetMs`:
 * - nothing to queue (inline, or no instruction): the answer goes out at once and the record is
 *   written behind it; a failure to write it is logged and counted, never delays the answer.
 *   A second delivery is decided again (TaskRouter sends one only when it did not take the first
 *   answer).
 * - async: the claim and the job's add, then `{}`; a second delivery of the same ReservationSid
 *   is answered as the first was and adds no second job. If they fail, or do not complete
 *   within the budget, the callback is answered without them (degraded mode): with the
 *   instruction inline when it can be expressed exactly, else `{}`.
 */
export function createAssignmentHandler(deps: AssignmentDeps) {
  // Sending the answer takes a moment; the waits end early enough to leave it.
  const waitMs = Math.max(0, deps.budgetMs - Math.min(100, Math.floor(deps.budgetMs / 10)));
  // The lines logged per callback have fixed keys (SIDs, the rule's name, the instruction's kind,
  // counts, a failure's message), none of which a redaction path matches; redaction is most of a
  // line's cost (measured: 25 µs per decided callback with it, about 4 without), so they skip it.
  const callbackLog = deps.log.child({}, { redact: [] });
  const behind = {
    writer: deps.writer ?? createReservationWriter({ store: deps.store, windowMs: 0 }),
    timeline: deps.timeline,
    metrics: deps.metrics,
  };

  /** Nothing to queue: answer now, write the record behind the answer. */
  function answerAtOnce(
    cb: AssignmentCallback,
    decision: Decision,
    rules: RulesInForce,
    receivedAt: number,
    log: Logger,
  ): AssignmentResult {
    // The record's deadline only sets how long it is kept: the rules' default will do.
    const timeoutS =
      deps.timeouts.known(cb.identity.workflowSid, rules) ?? rules.defaults.reservationTimeout;
    const record = buildRecord(
      cb,
      decision,
      rules,
      receivedAt,
      receivedAt + timeoutS * 1000 - deps.deadlineMarginMs,
      deps.sealer,
    );
    writeRecordBehind(record, log, behind);
    noteDecided(record, decision, log, deps);
    return { answer: answerFor(decision), rule: decision.rule };
  }

  /** A job to make safe first: the Workflow timeout, then the claim and the add, inside the budget. */
  async function answerAfterJob(
    cb: AssignmentCallback,
    decision: Decision,
    instruction: Instruction,
    rules: RulesInForce,
    receivedAt: number,
    log: Logger,
  ): Promise<AssignmentResult> {
    const { workspaceSid, workflowSid } = cb.identity;
    // An unknown Workflow timeout gets half the budget at most; then the default, and the
    // lookup goes on behind the answer.
    const timeoutS =
      deps.timeouts.known(workflowSid, rules) ??
      (await deps.timeouts.resolve(workspaceSid, workflowSid, rules, { waitMs: waitMs / 2 }));
    const deadline = receivedAt + timeoutS * 1000 - deps.deadlineMarginMs;
    const record = buildRecord(cb, decision, rules, receivedAt, deadline, deps.sealer);
    // The claim and the add go out together, claim first, on the one connection Redis runs in
    // order, so the job is normally never there before its record. When it is (a claim resent
    // after NOSCRIPT or a dropped connection), the worker writes the record itself and the late
    // claim only fills it in (the store's START_ATTEMPT and CLAIM). The add goes out
    // whatever the claim will say: it is a no-op when the job exists (the job id is the
    // ReservationSid), and repairs a job lost after an earlier delivery's claim. Nothing here
    // writes the record's state after the add: from then on the worker owns it (a late `queued`
    // could hide its attempt).
    const progress: Progress = {};
    const claiming = deps.store.claim(record).then(
      (value) => void (progress.claim = { status: 'fulfilled', value }),
      (reason: unknown) => void (progress.claim = { status: 'rejected', reason }),
    );
    const queueing = enqueue(cb, decision, instruction, receivedAt, deadline, deps).then(
      () => void (progress.queue = { status: 'fulfilled', value: undefined }),
      (reason: unknown) => void (progress.queue = { status: 'rejected', reason }),
    );
    await settleWithin(Promise.all([claiming, queueing]), waitMs - (deps.now() - receivedAt));
    const { claim, queue } = progress;
    if (claim?.status !== 'fulfilled') {
      const why: unknown = claim ? claim.reason : 'answer budget spent waiting for Redis';
      return {
        answer: answerDegraded(why, jobMayExist(queue), decision, log, deps.metrics),
        rule: decision.rule,
      };
    }
    if (!claim.value.claimed) {
      const { existing } = claim.value;
      noteDuplicate(existing, log, deps, receivedAt);
      return { answer: replay(existing, deps), rule: existing.rule };
    }
    if (queue?.status !== 'fulfilled') {
      // Claimed, but the job may not exist: the sweeper records it if nothing else does.
      const why: unknown = queue
        ? queue.reason
        : 'answer budget spent waiting for the job to be added';
      return {
        answer: answerDegraded(why, jobMayExist(queue), decision, log, deps.metrics),
        rule: decision.rule,
      };
    }
    deps.metrics.degraded.set(0);
    noteDecided(record, decision, log, deps);
    return { answer: answerFor(decision), rule: decision.rule };
  }

  return async function handleAssignment(cb: AssignmentCallback): Promise<AssignmentResult> {
    const receivedAt = deps.now();
    const rules = deps.rules.current();
    const decision = rules.decide(cb.facts, receivedAt);
    const log = callbackLog.child({
      reservationSid: cb.identity.reservationSid,
      taskSid: cb.identity.taskSid,
      workerSid: cb.identity.workerSid,
    });
    const instruction = decision.mode === 'async' ? decision.instruction : null;
    return instruction
      ? answerAfterJob(cb, decision, instruction, rules, receivedAt, log)
      : answerAtOnce(cb, decision, rules, receivedAt, log);
  };
}

function noteDuplicate(
  existing: ReservationRecord,
  log: Logger,
  deps: AssignmentDeps,
  receivedAt: number,
) {
  deps.metrics.callbacks.inc({ outcome: 'duplicate' });
  noteLaterDelivery(existing, receivedAt, log, deps.timeline, {
    elapsedMs: deps.now() - receivedAt,
  });
}

/** The one log line (and the counters) of a decided callback. */
function noteDecided(
  record: ReservationRecord,
  decision: Decision,
  log: Logger,
  deps: AssignmentDeps,
) {
  deps.metrics.callbacks.inc({ outcome: 'decided' });
  deps.metrics.decisions.inc({
    rule: decision.rule ?? '(none)',
    instruction: record.instruction,
    mode: decision.mode,
  });
  log.info(
    {
      rule: decision.rule,
      instruction: record.instruction,
      mode: decision.mode,
      delivery: 1,
      deadlineInMs: record.deadline - record.receivedAt,
      elapsedMs: deps.now() - record.receivedAt,
    },
    'callback decided',
  );
}

function buildRecord(
  cb: AssignmentCallback,
  decision: Decision,
  rules: RulesInForce,
  receivedAt: number,
  deadline: number,
  sealer: Sealer,
): ReservationRecord {
  const { instruction } = decision;
  const id = cb.identity;
  // One literal, not `{ ...cb.identity, mode, … }`: on Node 20's V8 each property written after a
  // spread costs about a microsecond (measured: 13 µs for this record, 0.1 µs as a literal).
  const record: Writable<ReservationRecord> = {
    reservationSid: id.reservationSid,
    taskSid: id.taskSid,
    workerSid: id.workerSid,
    workspaceSid: id.workspaceSid,
    workflowSid: id.workflowSid,
    taskQueueSid: id.taskQueueSid,
    state: 'decided',
    mode: decision.mode,
    rule: decision.rule,
    instruction: instruction?.kind ?? 'leave',
    rulesVersion: rules.version,
    receivedAt,
    deadline,
    deliveries: 1,
    attempts: 0,
    updatedAt: receivedAt,
  };
  if (!instruction) {
    record.state = 'skipped';
    record.reason = 'no-match';
    record.finishedAt = receivedAt;
  } else if (decision.mode === 'inline') {
    record.state = 'done';
    record.reason = 'inline';
    record.finishedAt = receivedAt;
    // An answer without parameters (`accept`) holds nothing to hide: its kind, on the record,
    // rebuilds it (see replay), and the cipher is a tenth of an inline callback's CPU.
    if (Object.keys(instruction.params).length > 0) {
      record.sealedResponse = sealer.seal(answerFor(decision));
    }
  }
  return record;
}

function answerFor(decision: Decision): AssignmentAnswer {
  return decision.mode === 'inline' && decision.instruction
    ? toInlineResponse(decision.instruction).body
    : EMPTY_ANSWER;
}

async function enqueue(
  cb: AssignmentCallback,
  decision: Decision,
  instruction: Instruction,
  receivedAt: number,
  deadline: number,
  deps: AssignmentDeps,
): Promise<void> {
  const data: ReservationJobData = {
    reservationSid: cb.identity.reservationSid,
    taskSid: cb.identity.taskSid,
    workspaceSid: cb.identity.workspaceSid,
    kind: instruction.kind,
    rule: decision.rule,
    // Nothing to hide in no params (accept, reject without an activity): skip the cipher.
    sealedParams:
      Object.keys(instruction.params).length > 0 ? deps.sealer.seal(instruction.params) : '',
    receivedAt,
    deadline,
  };
  // A rule's `delay` never holds the update past the deadline: at worst it leaves one second.
  const delayMs = Math.max(0, Math.min(decision.delaySeconds * 1000, deadline - receivedAt - 1000));
  await deps.producer.enqueue(data, { delayMs });
}

function replay(existing: ReservationRecord, deps: AssignmentDeps): AssignmentAnswer {
  if (existing.sealedResponse) {
    return deps.sealer.open(existing.sealedResponse) as AssignmentAnswer;
  }
  // An inline answer without parameters was not sealed (buildRecord): its kind is all of it.
  if (existing.reason === 'inline' && existing.instruction !== 'leave') {
    return toInlineResponse({ kind: existing.instruction, params: {} }).body;
  }
  return EMPTY_ANSWER;
}
