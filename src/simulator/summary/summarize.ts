import {
  RULE_HEADER,
  type CallbackRecord,
  type LedgerEntry,
  type ReservationStatus,
  type ReservationView,
  type Violation,
} from '../types.js';
import { percentile } from './percentile.js';

/** What a run of the simulator came to (`sim.summary()`, `GET /summary`). */
export interface Summary {
  readonly reservations: {
    readonly total: number;
    readonly byStatus: Partial<Record<ReservationStatus, number>>;
  };
  /**
   * Real milliseconds from the Assignment Callback being sent (or the reservation being created,
   * when no callback went out) to the service settling it (by REST or by an inline instruction).
   */
  readonly settlement: {
    readonly count: number;
    readonly p50Ms: number | null;
    readonly p95Ms: number | null;
    readonly p99Ms: number | null;
    readonly maxMs: number | null;
  };
  readonly timeouts: number;
  /**
   * By the rule the service named (`X-Assigner-Rule` on its callback answer or REST update), else
   * by how it rejected: `(no rule, callback answer)` or `(no rule, REST update)`.
   */
  readonly rejections: {
    readonly total: number;
    readonly byRule: Readonly<Record<string, number>>;
  };
  /** Settled reservations by the instruction that settled them (`accept`, `reject`, `conference`, …). */
  readonly byInstruction: Readonly<Record<string, number>>;
  readonly callbacks: {
    readonly assignment: number;
    readonly fallback: number;
    readonly failed: number;
    readonly inline: number;
    readonly inlineFailed: number;
    readonly deferred: number;
    readonly warnings: Readonly<Record<string, number>>;
    readonly events: number;
    readonly eventsFailed: number;
    /** Failed deliveries (assignment, fallback, event) by kind and reason, e.g. `event: HTTP 500`. */
    readonly failureReasons: Readonly<Record<string, number>>;
  };
  readonly rest: {
    readonly requests: number;
    readonly appliedUpdates: number;
    readonly errorsByStatus: Readonly<Record<string, number>>;
    readonly faults: number;
    readonly violations: number;
  };
  /** Added by the traffic generator, when one runs. */
  readonly tasks?: Readonly<Record<string, number>>;
}

export interface SummaryInput {
  readonly reservations: readonly ReservationView[];
  readonly callbacks: readonly CallbackRecord[];
  readonly requests: readonly LedgerEntry[];
  readonly violations: readonly Violation[];
  /** Simulated ms per real ms. */
  readonly speed: number;
  readonly tasks?: Readonly<Record<string, number>>;
}

const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

export function summarize(input: SummaryInput): Summary {
  const firstCallback = new Map<string, CallbackRecord>();
  const ruleOf = new Map<string, string>();
  for (const c of input.callbacks) {
    if (c.kind !== 'event' && !firstCallback.has(c.reservationSid)) {
      firstCallback.set(c.reservationSid, c);
    }
    if (c.rule !== undefined) {
      ruleOf.set(c.reservationSid, c.rule);
    }
  }
  // A service that settles by REST can name its rule in the same header on the update request.
  for (const e of input.requests) {
    const rule = e.headers[RULE_HEADER];
    if (e.applied === true && e.reservationSid !== undefined && rule !== undefined) {
      ruleOf.set(e.reservationSid, rule);
    }
  }
  const byStatus: Partial<Record<ReservationStatus, number>> = {};
  const byInstruction: Record<string, number> = {};
  const byRule: Record<string, number> = {};
  const latencies: number[] = [];
  for (const r of input.reservations) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.settledAt === null || (r.settledBy !== 'rest' && r.settledBy !== 'callback-response')) {
      continue;
    }
    count(byInstruction, r.instruction ?? 'unknown');
    const from = firstCallback.get(r.sid)?.sentAt ?? r.createdAt;
    latencies.push((r.settledAt - from) / input.speed);
    if (r.status === 'rejected') {
      const how = r.settledBy === 'rest' ? 'REST update' : 'callback answer';
      count(byRule, ruleOf.get(r.sid) ?? `(no rule, ${how})`);
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    reservations: { total: input.reservations.length, byStatus },
    settlement: {
      count: latencies.length,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? null,
    },
    timeouts: input.reservations.filter((r) => r.status === 'timeout').length,
    rejections: { total: Object.values(byRule).reduce((a, b) => a + b, 0), byRule },
    byInstruction,
    callbacks: summarizeCallbacks(input.callbacks),
    rest: summarizeRest(input.requests, input.violations),
    ...(input.tasks && { tasks: input.tasks }),
  };
}

function summarizeCallbacks(callbacks: readonly CallbackRecord[]): Summary['callbacks'] {
  const warnings: Record<string, number> = {};
  const failureReasons: Record<string, number> = {};
  for (const c of callbacks) {
    if (c.outcome === 'failed') {
      count(
        failureReasons,
        `${c.kind}: ${c.status === null ? (c.error ?? 'no answer') : `HTTP ${c.status}`}`,
      );
    }
  }
  const n = (pred: (c: CallbackRecord) => boolean) => callbacks.filter(pred).length;
  for (const c of callbacks) {
    if (c.kind !== 'event' && c.code !== undefined && c.outcome !== 'instruction-failed') {
      count(warnings, String(c.code));
    }
  }
  return {
    assignment: n((c) => c.kind === 'assignment'),
    fallback: n((c) => c.kind === 'fallback'),
    failed: n((c) => c.kind !== 'event' && c.outcome === 'failed'),
    inline: n((c) => c.outcome === 'instruction'),
    inlineFailed: n((c) => c.outcome === 'instruction-failed'),
    deferred: n((c) => c.outcome === 'deferred'),
    warnings,
    events: n((c) => c.kind === 'event'),
    eventsFailed: n((c) => c.kind === 'event' && c.outcome === 'failed'),
    failureReasons,
  };
}

function summarizeRest(
  requests: readonly LedgerEntry[],
  violations: readonly Violation[],
): Summary['rest'] {
  const errorsByStatus: Record<string, number> = {};
  for (const e of requests) {
    if (e.status === null || e.status >= 400) {
      count(errorsByStatus, e.status === null ? 'no-answer' : String(e.status));
    }
  }
  return {
    requests: requests.length,
    appliedUpdates: requests.filter((e) => e.applied === true).length,
    errorsByStatus,
    faults: requests.filter((e) => e.fault !== undefined).length,
    violations: violations.length,
  };
}
