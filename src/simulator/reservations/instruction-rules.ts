/**
 * What TaskRouter requires of each REST instruction and how the reservation settles afterwards,
 * per the Reservation document (`reference/task-reservation-resource.md`) and Twilio's error pages
 * (`reference/taskrouter-facts.md` §2). Data, read by `decide-update.ts`.
 */
export interface InstructionRule {
  /** As sent in `Instruction`, lower-case; the capitalised form (`Conference`) is accepted too. */
  readonly name: 'conference' | 'dequeue' | 'call' | 'redirect';
  readonly label: string;
  /** Error code when the reservation is no longer pending ("The Reservation must currently be Pending"). */
  readonly notPendingCode: number;
  /** The field naming whom to call; without it the worker's `contact_uri` attribute is used. */
  readonly contact?: { readonly field: string; readonly code: number };
  /** Fields the document marks as required, with the error code of their absence. */
  readonly required: readonly { readonly field: string; readonly code: number }[];
  /** Whether the reservation is accepted once the instruction succeeds (else it stays pending). */
  readonly accepts: (first: (field: string) => string | undefined) => boolean;
}

export const INSTRUCTION_RULES: readonly InstructionRule[] = [
  {
    name: 'conference',
    label: 'Conference',
    notPendingCode: 40136,
    contact: { field: 'To', code: 40137 },
    required: [],
    // "Mark the task as accepted if and only if all the above succeeded": the simulated legs do.
    accepts: () => true,
  },
  {
    name: 'dequeue',
    label: 'Dequeue',
    notPendingCode: 40135,
    contact: { field: 'DequeueTo', code: 40131 },
    required: [{ field: 'DequeueFrom', code: 40132 }],
    accepts: () => true,
  },
  {
    name: 'call',
    label: 'Call',
    notPendingCode: 40114,
    contact: { field: 'CallTo', code: 40110 },
    required: [
      { field: 'CallFrom', code: 40111 },
      { field: 'CallUrl', code: 40112 },
    ],
    accepts: (first) => first('CallAccept') === 'true',
  },
  {
    name: 'redirect',
    label: 'Redirect',
    notPendingCode: 40123,
    required: [
      { field: 'RedirectCallSid', code: 40121 },
      { field: 'RedirectUrl', code: 40120 },
    ],
    accepts: (first) => first('RedirectAccept') === 'true',
  },
];

/** The rule for an `Instruction` value in either documented spelling (`dequeue`, `Dequeue`). */
export function findInstructionRule(value: string): InstructionRule | undefined {
  return INSTRUCTION_RULES.find((r) => r.name === value || r.label === value);
}
