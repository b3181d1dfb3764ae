import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../../rules/compile/suggest-name.js';
import { INSTRUCTION_KINDS, type InstructionKind } from '../../rules/types.js';
import type { ListFilters, ReservationRef } from '../../taskrouter/types.js';
import { RESERVATION_STATUSES } from './help.js';
import { UsageError } from '../shared/usage-error.js';

export const SUBCOMMANDS = ['fetch', 'list', 'update'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export const DEFAULT_TIMEOUT_MS = 10_000;

/** A parsed `reservations` invocation. */
export type ReservationsRequest =
  | { readonly command: 'help'; readonly subcommand?: Subcommand; readonly kind?: InstructionKind }
  | { readonly command: 'fetch'; readonly ref: ReservationRef; readonly timeoutMs: number }
  | {
      readonly command: 'list';
      readonly workspaceSid: string;
      readonly taskSid: string;
      readonly filters: ListFilters;
      readonly timeoutMs: number;
    }
  | {
      readonly command: 'update';
      readonly ref: ReservationRef;
      readonly kind: InstructionKind;
      /** `--param` values as given (`name=value`), checked later against the catalog. */
      readonly paramArgs: readonly string[];
      readonly paramsJson: string | undefined;
      readonly ifMatch: string | undefined;
      readonly dryRun: boolean;
      readonly timeoutMs: number;
    };

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  workspace: { type: 'string' },
  task: { type: 'string' },
  'timeout-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const OPTIONS: Readonly<Record<Subcommand, Options>> = {
  fetch: { ...COMMON, reservation: { type: 'string' } },
  list: { ...COMMON, worker: { type: 'string' }, status: { type: 'string' } },
  update: {
    ...COMMON,
    reservation: { type: 'string' },
    param: { type: 'string', short: 'p', multiple: true },
    params: { type: 'string' },
    'if-match': { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
};

const SID_PREFIX = { workspace: 'WS', task: 'WT', reservation: 'WR', worker: 'WK' } as const;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function stringOption(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function readSid(
  values: Values,
  name: keyof typeof SID_PREFIX,
  problems: string[],
  required: boolean,
): string {
  const value = stringOption(values, name);
  const prefix = SID_PREFIX[name];
  if (value === undefined) {
    if (required) {
      problems.push(`--${name} is required: the ${name} SID (${prefix}…)`);
    }
    return '';
  }
  if (!new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value)) {
    problems.push(
      `--${name}: expected a ${prefix} SID (${prefix} and 32 hex digits) but found ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function readTimeout(values: Values, problems: string[]): number {
  const text = stringOption(values, 'timeout-ms');
  if (text === undefined) {
    return DEFAULT_TIMEOUT_MS;
  }
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms < 100 || ms > 120_000) {
    problems.push(
      `--timeout-ms: expected milliseconds from 100 to 120000 but found ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

function readKind(positionals: readonly string[], problems: string[]): InstructionKind {
  const [word, ...extra] = positionals;
  if (extra.length > 0) {
    problems.push(`unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}`);
  }
  if (word === undefined) {
    problems.push(`the instruction is missing: one of ${INSTRUCTION_KINDS.join(', ')}`);
    return 'accept';
  }
  const kind = INSTRUCTION_KINDS.find((k) => k === word.toLowerCase());
  if (kind === undefined) {
    const hint = didYouMean(word, INSTRUCTION_KINDS);
    problems.push(
      `unknown instruction ${JSON.stringify(word)}: ${hint ?? `expected one of ${INSTRUCTION_KINDS.join(', ')}`}`,
    );
    return 'accept';
  }
  return kind;
}

// node:util's messages name the option; add the nearest known one.
function explainParseError(err: unknown, options: Options): string {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  if (unknown !== undefined) {
    const hint = didYouMean(unknown.replace(/^-+/, ''), Object.keys(options));
    return `unknown option ${unknown}${hint ? `: ${hint.replace(/'([^']+)'/, "'--$1'")}` : ''}`;
  }
  return message.replace(/\. To specify.*$/s, '');
}

/**
 * Parses the argv of `reservations` (what follows the command word) into a request; throws a
 * `UsageError` listing every problem. `--help` anywhere wins over other problems.
 */
export function parseReservationsArgs(argv: readonly string[]): ReservationsRequest {
  const [first, ...rest] = argv;
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    const sub = SUBCOMMANDS.find((s) => s === rest[0]);
    return sub === undefined ? { command: 'help' } : { command: 'help', subcommand: sub };
  }
  const subcommand = SUBCOMMANDS.find((s) => s === first);
  if (subcommand === undefined) {
    const hint = didYouMean(first, SUBCOMMANDS);
    throw new UsageError([
      `unknown reservations command ${JSON.stringify(first)}: ${hint ?? `expected one of ${SUBCOMMANDS.join(', ')}`}`,
    ]);
  }
  const options = OPTIONS[subcommand];
  if (wantsHelp) {
    const word = rest.find((a) => INSTRUCTION_KINDS.some((k) => k === a.toLowerCase()));
    const kind = INSTRUCTION_KINDS.find((k) => k === word?.toLowerCase());
    return subcommand === 'update' && kind !== undefined
      ? { command: 'help', subcommand, kind }
      : { command: 'help', subcommand };
  }
  let parsed: { values: Values; positionals: string[] };
  try {
    const result = parseArgs({
      args: rest,
      options,
      strict: true,
      allowPositionals: subcommand === 'update',
    });
    parsed = { values: result.values, positionals: result.positionals };
  } catch (err) {
    throw new UsageError([explainParseError(err, options)], `reservations ${subcommand}`);
  }
  const { values, positionals } = parsed;
  const problems: string[] = [];
  const workspaceSid = readSid(values, 'workspace', problems, true);
  const taskSid = readSid(values, 'task', problems, true);
  const timeoutMs = readTimeout(values, problems);
  if (subcommand === 'list') {
    const workerSid = readSid(values, 'worker', problems, false);
    const status = stringOption(values, 'status');
    if (status !== undefined && !RESERVATION_STATUSES.some((s) => s === status)) {
      const hint = didYouMean(status, RESERVATION_STATUSES);
      problems.push(
        `--status: expected one of ${RESERVATION_STATUSES.join(', ')} but found ${JSON.stringify(status)}${hint ? `: ${hint}` : ''}`,
      );
    }
    if (problems.length > 0) {
      throw new UsageError(problems, `reservations ${subcommand}`);
    }
    const filters: ListFilters = {
      ...(workerSid !== '' && { workerSid }),
      ...(status !== undefined && { reservationStatus: status }),
    };
    return { command: 'list', workspaceSid, taskSid, filters, timeoutMs };
  }
  const reservationSid = readSid(values, 'reservation', problems, true);
  const ref: ReservationRef = { workspaceSid, taskSid, reservationSid };
  if (subcommand === 'fetch') {
    if (problems.length > 0) {
      throw new UsageError(problems, `reservations ${subcommand}`);
    }
    return { command: 'fetch', ref, timeoutMs };
  }
  const kind = readKind(positionals, problems);
  const ifMatch = stringOption(values, 'if-match');
  if (ifMatch !== undefined && ifMatch.trim() === '') {
    problems.push(
      '--if-match: empty; pass the etag printed by `reservations fetch`, or leave it out',
    );
  }
  if (problems.length > 0) {
    throw new UsageError(problems, `reservations ${subcommand}`);
  }
  const paramArgs = values.param;
  return {
    command: 'update',
    ref,
    kind,
    paramArgs: Array.isArray(paramArgs) ? paramArgs.filter((p) => typeof p === 'string') : [],
    paramsJson: stringOption(values, 'params'),
    ifMatch,
    dryRun: values['dry-run'] === true,
    timeoutMs,
  };
}
