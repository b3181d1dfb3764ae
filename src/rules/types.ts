/**
 * The vocabulary shared by the rules engine and everything that acts on its decisions.
 * Pure types and constants: this file imports nothing.
 */

/** The six things TaskRouter can be told to do with a pending Reservation. */
export const INSTRUCTION_KINDS = [
  'accept',
  'reject',
  'conference',
  'dequeue',
  'call',
  'redirect',
] as const;
export type InstructionKind = (typeof INSTRUCTION_KINDS)[number];

/** How a decision reaches TaskRouter: the REST update via the queue, or the callback response. */
export const MODES = ['async', 'inline'] as const;
export type Mode = (typeof MODES)[number];

/** A rendered parameter value, already of the type its instruction's catalog entry declares. */
export type ParamValue = string | number | boolean | readonly string[];

/**
 * Parameters by their canonical camelCase names (see `instruction-catalog.ts`), after templates
 * were rendered. Absent optional parameters are absent keys.
 */
export type InstructionParams = Readonly<Record<string, ParamValue>>;

export interface Instruction {
  readonly kind: InstructionKind;
  readonly params: InstructionParams;
}

/**
 * What a rule sees: the parsed `TaskAttributes` and `WorkerAttributes` JSON objects and the
 * callback's own form parameters by their Twilio names (all strings, as they arrive).
 */
export interface CallbackFacts {
  readonly task: Readonly<Record<string, unknown>>;
  readonly worker: Readonly<Record<string, unknown>>;
  readonly callback: Readonly<Record<string, string>>;
}

/** The outcome of `decide()`: one rule (or none) and what to do. */
export interface Decision {
  /** Name of the rule that matched; null when none did and `onNoMatch` applied. */
  readonly rule: string | null;
  /** The instruction to carry out; null means "leave": answer `{}` and do nothing. */
  readonly instruction: Instruction | null;
  readonly mode: Mode;
  /** Seconds to hold an async instruction back (never past the deadline); 0 for none. */
  readonly delaySeconds: number;
  /**
   * Rules that matched before this decision but could not be carried out, in order; absent when
   * none. Names the param and the form expected, never the value (it goes on records).
   */
  readonly skipped?: readonly SkippedRule[];
}

/** A rule whose `when` held but whose params could not be rendered into a usable instruction. */
export interface SkippedRule {
  readonly rule: string;
  readonly param: string;
  /** E.g. `required param rendered empty`, `expected an E.164 number … or client:name`. */
  readonly reason: string;
}

/** Per-Workflow settings from the rules files (`workflows:`), keyed by WorkflowSid. */
export interface WorkflowSettings {
  /** Seconds; the Workflow's `TaskReservationTimeout`. */
  readonly reservationTimeout?: number;
}

export interface RuleDefaults {
  readonly mode: Mode;
  /** Seconds, used when neither the rules nor the API give a Workflow's timeout. */
  readonly reservationTimeout: number;
  readonly onNoMatch: 'leave' | 'reject';
}
