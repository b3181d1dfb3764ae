/**
 * What `rules explain` reports for one callback: every rule's verdict, the decision, and what the
 * service would send for it — the REST update (through the twilio library's own serialisation)
 * and the inline callback answer. Secret params are masked in all of them.
 */
import type { RuleSet } from '../../rules/rule-set.js';
import type { CallbackFacts } from '../../rules/types.js';
import { toInlineResponse, type InlineResult } from '../../taskrouter/to-inline-response.js';
import type { ReservationRef } from '../../taskrouter/types.js';
import type { CallbackInput } from './read-callback-input.js';
import { previewUpdate, type UpdateRequestPreview } from '../shared/preview-update.js';

/** `RuleSet.explain`'s result (named through RuleSet, the stable interface of the rules engine). */
export type Explanation = ReturnType<RuleSet['explain']>;

export interface ExplainReport {
  readonly rules: {
    readonly path: string;
    readonly files: readonly string[];
    readonly version: string;
  };
  /** The moment decided at, ISO 8601. */
  readonly at: string;
  readonly input: {
    readonly kind: CallbackInput['kind'];
    /** The reservation the callback names; null when the REST URL shows placeholder SIDs. */
    readonly reservation: ReservationRef | null;
    readonly refusal: string | null;
  };
  readonly facts: CallbackFacts;
  /** Every rule in order: chosen, shadowed, not-matched (with the false parts), … */
  readonly verdicts: Explanation['rules'];
  /** The decision, secret params masked; `instruction: null` is "leave". */
  readonly decision: Explanation['decision'];
  /** The REST update the worker would send (mode async), or null for leave. */
  readonly rest: UpdateRequestPreview | null;
  /** The callback answer an inline rule gives, or null for leave. */
  readonly inline: InlineResult | null;
}

// Shown when the callback names no reservation: the URL shape stays right, the SIDs are dummies.
const PLACEHOLDER_REF: ReservationRef = {
  workspaceSid: `WS${'0'.repeat(32)}`,
  taskSid: `WT${'0'.repeat(32)}`,
  reservationSid: `WR${'0'.repeat(32)}`,
};

/** Explains `input` against `ruleSet` at `now`; `baseUrl` is the TaskRouter host of the REST URL. */
export async function explainCallback(opts: {
  readonly ruleSet: RuleSet;
  readonly rules: { readonly path: string; readonly files: readonly string[] };
  readonly input: CallbackInput;
  readonly now: number;
  readonly baseUrl: string;
}): Promise<ExplainReport> {
  const { ruleSet, input, now } = opts;
  const explanation = ruleSet.explain(input.facts, now);
  const { instruction } = explanation.decision;
  const rest =
    instruction === null
      ? null
      : await previewUpdate(input.ref ?? PLACEHOLDER_REF, instruction, { baseUrl: opts.baseUrl });
  return {
    rules: { ...opts.rules, version: ruleSet.version },
    at: new Date(now).toISOString(),
    input: { kind: input.kind, reservation: input.ref ?? null, refusal: input.refusal ?? null },
    facts: input.facts,
    verdicts: explanation.rules,
    decision: explanation.decision,
    rest,
    inline: instruction === null ? null : toInlineResponse(instruction),
  };
}
