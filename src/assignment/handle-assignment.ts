import type { RulesInForce, RulesSource } from '../rules/rules-in-force.js';
import type { Decision, Instruction } from '../rules/types.js';
import type { Metrics } from '../shared/create-metrics.js';
import type { Sealer } from '../shared/create-sealer.js';
import type { Logger } from '../shared/logger.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { ReservationStore } from '../state/reservation-store.js';
import type { ReservationTimeline } from '../state/timeline/reservation-timeline.js';
import type { ReservationProducer } from '../queue/create-reservation-producer.js';
import type { ReservationJobData } from '../queue/contract.js';
import { targetStatus } from '../taskrouter/target-status.js';
import { toInlineResponse, type InlineResponse } from '../taskrouter/to-inline-response.js';
import type { ReservationTimeouts } from './create-reservation-timeouts.js';
import type { AssignmentCallback } from './parse-assignment-callback.js';

export interface AssignmentDeps {
  readonly rules: RulesSource;
  readonly store: ReservationStore;
  /** A later delivery is noted on the reservation's timeline (not waited for). */
  readonly timeline: ReservationTimeline;
  readonly producer: Pick<ReservationProducer, 'enqueue'>;
  readonly timeouts: ReservationTimeouts;
  readonly sealer: Sealer;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => number;
  /** Subtracted from the Workflow's timeout so the last update lands before TaskRouter gives up. */
  readonly deadlineMarginMs: number;
}

/** The JSON answering the callback: an instruction, or `{}` (nothing now; REST later or never). */
export type AssignmentAnswer = InlineResponse | Record<string, never>;

/** The answer and the rule that chose it (sent as `X-Assigner-Rule`, for rehearsals and debugging). */
export interface AssignmentResult {
  readonly answer: AssignmentAnswer;
  readonly rule: string | null;
}

const EMPTY: Record<string, never> = Object.freeze({});

/**
 * Decides a verified callback and hands the decision on: inline (the answer is the instruction)
 * or async (a job, then `{}`). A second delivery of the same ReservationSid is answered as the
 * first was and adds no second job. If Redis is unreachable the callback is still answered in
 * time: with the instruction inline when it can be expressed exactly, else `{}` (degraded mode).
 */
export function createAssignmentHandler(deps: AssignmentDeps) {
  return async function handleAssignment(cb: AssignmentCallback): Promise<AssignmentResult> {
    const receivedAt = deps.now();
    const rules = deps.rules.current();
    const decision = rules.decide(cb.facts, receivedAt);
    const log = deps.log.child({
      reservationSid: cb.identity.reservationSid,
      taskSid: cb.identity.taskSid,
      workerSid: cb.identity.workerSid,
    });
    const timeoutS = await deps.timeouts.resolve(
      cb.identity.workspaceSid,
      cb.identity.workflowSid,
      rules,
    );
    const deadline = receivedAt + timeoutS * 1000 - deps.deadlineMarginMs;
    const record = buildRecord(cb, decision, rules, receivedAt, deadline, deps.sealer);
    // The claim and the add go out together (one wait, not two). Adding first-or-not does not
    // matter: the job id is the ReservationSid, so a duplicate's add is a no-op, and the worker
    // takes the deadline from the first delivery's record. Nothing here writes the record's state
    // after the add: from then on the worker owns it (a late `queued` could hide its attempt).
    const wantsJob = decision.mode === 'async' && decision.instruction !== null;
    const [claimed, queued] = await Promise.allSettled([
      deps.store.claim(record),
      wantsJob && decision.instruction
        ? enqueue(cb, decision, decision.instruction, receivedAt, deadline, deps)
        : Promise.resolve(),
    ]);
    if (claimed.status === 'rejected') {
      const jobMayExist = wantsJob && (queued.status === 'fulfilled' || mayHaveRun(queued.reason));
      return {
        answer: degrade(claimed.reason, jobMayExist, decision, log, deps),
        rule: decision.rule,
      };
    }
    const claim = claimed.value;
    if (!claim.claimed) {
      const { existing } = claim;
      noteDuplicate(existing, log, deps, receivedAt);
      return { answer: replay(existing, deps), rule: existing.rule };
    }
    if (queued.status === 'rejected') {
      // Claimed, but the job may not exist: the sweeper records it if nothing else does.
      return {
        answer: degrade(queued.reason, mayHaveRun(queued.reason), decision, log, deps),
        rule: decision.rule,
      };
    }
    noteDecided(record, decision, log, deps);
    return { answer: answerFor(decision), rule: decision.rule };
  };
}

function noteDuplicate(
  existing: ReservationRecord,
  log: Logger,
  deps: AssignmentDeps,
  receivedAt: number,
) {
  deps.metrics.callbacks.inc({ outcome: 'duplicate' });
  deps.timeline.note(existing.reservationSid, { kind: 'delivery', at: receivedAt });
  log.info(
    {
      rule: existing.rule,
      instruction: existing.instruction,
      mode: existing.mode,
      state: existing.state,
      delivery: existing.deliveries,
      elapsedMs: deps.now() - receivedAt,
    },
    'duplicate callback',
  );
}

/** The one log line (and the counters) of a decided callback. */
function noteDecided(
  record: ReservationRecord,
  decision: Decision,
  log: Logger,
  deps: AssignmentDeps,
) {
  deps.metrics.callbacks.inc({ outcome: 'decided' });
  deps.metrics.degraded.set(0);
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
  const base = {
    ...cb.identity,
    mode: decision.mode,
    rule: decision.rule,
    instruction: decision.instruction?.kind ?? ('leave' as const),
    rulesVersion: rules.version,
    receivedAt,
    deadline,
    deliveries: 1,
    attempts: 0,
    updatedAt: receivedAt,
  };
  if (!decision.instruction) {
    return { ...base, state: 'skipped', reason: 'no-match', finishedAt: receivedAt };
  }
  if (decision.mode === 'inline') {
    const sealedResponse = sealer.seal(answerFor(decision));
    return { ...base, state: 'done', reason: 'inline', finishedAt: receivedAt, sealedResponse };
  }
  return { ...base, state: 'decided' };
}

function answerFor(decision: Decision): AssignmentAnswer {
  return decision.mode === 'inline' && decision.instruction
    ? toInlineResponse(decision.instruction).body
    : EMPTY;
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
  return existing.sealedResponse
    ? (deps.sealer.open(existing.sealedResponse) as AssignmentAnswer)
    : EMPTY;
}

// ioredis refuses a command it never wrote with this message (the offline queue is off); any other
// failure (a timeout, a dropped connection) may come after Redis ran the command.
const NOT_SENT = /Stream isn't writeable/;
const mayHaveRun = (err: unknown): boolean =>
  !NOT_SENT.test((err as Error | undefined)?.message ?? String(err));

/**
 * Without Redis the callback is still answered in time: with the instruction inline when it can
 * be expressed exactly, else `{}`. One exception: when a job may already be queued (the enqueue
 * failed after it was sent), an instruction whose repetition is not harmless — call or redirect
 * without `accept`, which would ring twice — is left to that job.
 */
function degrade(
  err: unknown,
  jobMayExist: boolean,
  decision: Decision,
  log: Logger,
  deps: AssignmentDeps,
): AssignmentAnswer {
  deps.metrics.callbacks.inc({ outcome: 'degraded' });
  deps.metrics.degraded.set(1);
  const instruction = decision.instruction;
  const inline = instruction ? toInlineResponse(instruction) : undefined;
  const message = (err as Error).message ?? String(err);
  const repeatable = instruction !== null && targetStatus(instruction) !== 'pending';
  const answer = inline?.exact && (!jobMayExist || repeatable) ? inline.body : EMPTY;
  log.error(
    {
      err: message,
      rule: decision.rule,
      instruction: instruction?.kind,
      answeredInline: answer !== EMPTY,
      jobMayExist,
    },
    'Redis unavailable: answering without recording (degraded mode)',
  );
  return answer;
}
