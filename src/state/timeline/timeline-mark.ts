/**
 * What the timeline stores of a reservation beyond its record: each REST attempt the worker made,
 * each reservation event received, each later delivery of the callback. The callback's arrival,
 * the decision and the outcome are the record's own fields and are not stored twice.
 * Nothing here holds personal data: SIDs are the key, the rest are times, codes and names.
 */

/** The most marks kept per reservation; older ones are dropped first (and counted). */
export const TIMELINE_MAX_MARKS = 100;

/** One REST call to TaskRouter about the reservation. */
export interface AttemptMark {
  readonly kind: 'attempt';
  /** Epoch ms the request was sent. */
  readonly at: number;
  readonly operation: 'update' | 'fetch';
  readonly durationMs: number;
  /** The answer's HTTP status; null when none came (timeout, reset, refused). */
  readonly httpStatus: number | null;
  /** Twilio's error code (e.g. 20503); null on success or without one. */
  readonly twilioCode: number | null;
  /** How it failed, as the record's `lastError` says it (`twilio:20503 (HTTP 503)`, `ECONNRESET`). */
  readonly error: string | null;
}

/** A Workspace event about the reservation (`reservation.accepted`…). */
export interface EventMark {
  readonly kind: 'event';
  readonly at: number;
  readonly eventType: string;
}

/** The same callback delivered again (TaskRouter's fallback URL, a retry after a slow answer). */
export interface DeliveryMark {
  readonly kind: 'delivery';
  readonly at: number;
}

export type TimelineMark = AttemptMark | EventMark | DeliveryMark;

/** The marks of one reservation, oldest first, and how many the bound dropped. */
export interface StoredMarks {
  readonly marks: readonly TimelineMark[];
  readonly dropped: number;
}

/** What a finished REST call answered, in the shapes the worker has at hand. */
export interface AttemptAnswer {
  readonly httpStatus?: number | undefined;
  /** Twilio's code as text ('' for none), as `classifyFailure` gives it. */
  readonly twilioCode?: string;
  readonly label?: string;
}

/** An attempt mark from the moments a call started and ended and what it answered. */
export function attemptMark(
  operation: AttemptMark['operation'],
  startedAt: number,
  endedAt: number,
  answer: AttemptAnswer,
): AttemptMark {
  const code = answer.twilioCode ? Number(answer.twilioCode) : NaN;
  return {
    kind: 'attempt',
    at: startedAt,
    operation,
    durationMs: Math.max(0, endedAt - startedAt),
    httpStatus: answer.httpStatus ?? null,
    twilioCode: Number.isInteger(code) ? code : null,
    error: answer.label ?? null,
  };
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown): v is number | null => v === null || num(v);
const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Reads one stored mark back; null for anything that is not one (a foreign or older shape). */
export function decodeMark(text: string): TimelineMark | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const m = (value ?? {}) as Record<string, unknown>;
  if (!num(m.at)) {
    return null;
  }
  if (m.kind === 'event' && typeof m.eventType === 'string') {
    return { kind: 'event', at: m.at, eventType: m.eventType };
  }
  if (m.kind === 'delivery') {
    return { kind: 'delivery', at: m.at };
  }
  if (
    m.kind === 'attempt' &&
    (m.operation === 'update' || m.operation === 'fetch') &&
    num(m.durationMs) &&
    numOrNull(m.httpStatus) &&
    numOrNull(m.twilioCode) &&
    strOrNull(m.error)
  ) {
    return {
      kind: 'attempt',
      at: m.at,
      operation: m.operation,
      durationMs: m.durationMs,
      httpStatus: m.httpStatus,
      twilioCode: m.twilioCode,
      error: m.error,
    };
  }
  return null;
}
