import { AppError } from '../shared/errors.js';

/** Twilio SIDs: two letters naming the kind, then 32 hex digits. */
export const SID_PATTERNS = {
  reservation: /^WR[0-9a-fA-F]{32}$/,
  task: /^WT[0-9a-fA-F]{32}$/,
  worker: /^WK[0-9a-fA-F]{32}$/,
  workspace: /^WS[0-9a-fA-F]{32}$/,
} as const;

export type SidKind = keyof typeof SID_PATTERNS;

const SID_PREFIX: Readonly<Record<SidKind, string>> = {
  reservation: 'WR',
  task: 'WT',
  worker: 'WK',
  workspace: 'WS',
};

const invalid = (detail: string) => new AppError('ERR_ADMIN_REQUEST_INVALID', detail);

/**
 * Checks a SID where it was given (a path segment or a query parameter) and says what is wrong,
 * without echoing more than the parameter's name: a mistyped value may be anything.
 */
export function checkSid(kind: SidKind, name: string, value: string): string {
  if (!SID_PATTERNS[kind].test(value)) {
    throw invalid(`${name} must be a ${kind} SID: ${SID_PREFIX[kind]} followed by 32 hex digits.`);
  }
  return value;
}

/**
 * The query of an admin request as single string values. Refuses names it does not know (so a
 * misspelt filter is an error, not a silent "no filter") and any name given twice.
 * `refused` names parameters to turn down with a reason of their own.
 */
export function readQuery(
  query: unknown,
  allowed: readonly string[],
  refused: Readonly<Record<string, string>> = {},
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const reason = Object.hasOwn(refused, name) ? refused[name] : undefined;
    if (reason !== undefined) {
      throw invalid(`${name} is not accepted: ${reason}`);
    }
    if (!allowed.includes(name)) {
      const known = allowed.length > 0 ? allowed.join(', ') : 'none';
      throw invalid(
        `unknown query parameter ${JSON.stringify(name.slice(0, 40))}; known: ${known}.`,
      );
    }
    if (typeof value !== 'string') {
      throw invalid(`${name} must be given once, as a plain value.`);
    }
    out[name] = value;
  }
  return out;
}

/** An optional value from a fixed set. */
export function readChoice<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!(choices as readonly string[]).includes(value)) {
    throw invalid(`${name} must be one of ${choices.join(', ')}.`);
  }
  return value as T;
}

/** An optional whole number within bounds. */
export function readInt(
  name: string,
  value: string | undefined,
  bounds: { min: number; max: number; default: number },
): number {
  if (value === undefined) {
    return bounds.default;
  }
  const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < bounds.min || n > bounds.max) {
    throw invalid(`${name} must be a whole number from ${bounds.min} to ${bounds.max}.`);
  }
  return n;
}

/** An optional flag: `1`/`true` or `0`/`false`. */
export function readFlag(name: string, value: string | undefined): boolean {
  if (value === undefined) {
    return false;
  }
  const choice = readChoice(name, value, ['1', 'true', '0', 'false'] as const);
  return choice === '1' || choice === 'true';
}
