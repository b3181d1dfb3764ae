/**
 * Command-line parsing shared by `rules check|test|explain`: options by name, at most one PATH,
 * and `--at` as an ISO time with an offset. Bad usage throws RulesUsageError (exit status 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad usage of a `rules` command: the message says what, the command prints its help hint. */
export class RulesUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses `argv` (the words after the command) with `options` plus `--help`; returns the option
 * values and the one optional positional PATH.
 */
export function parseRulesArgs<O extends Options>(argv: readonly string[], options: O) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new RulesUsageError((err as Error).message);
  }
  const [path, ...extra] = parsed.positionals;
  if (extra.length > 0) {
    throw new RulesUsageError(`one PATH at most, got also: ${extra.join(' ')}`);
  }
  return { values: parsed.values, path };
}

/** `--at` as epoch ms; undefined when absent. */
export function parseAt(value: string | boolean | undefined): number | undefined {
  if (value === undefined || typeof value === 'boolean') {
    return undefined;
  }
  const at = ISO_WITH_OFFSET.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) {
    throw new RulesUsageError(
      `--at must be an ISO 8601 time with an offset, e.g. 2024-05-06T10:00:00+02:00 or …Z; got "${value}"`,
    );
  }
  return at;
}

/** Prints a usage error and where to find help; returns exit status 2. Other errors propagate. */
export function usageFailure(
  stderr: (text: string) => void,
  err: unknown,
  command: string,
): number {
  if (!(err instanceof RulesUsageError)) {
    throw err;
  }
  stderr(`error: ${err.message}\nrun \`taskrouter-assigner ${command} --help\` for usage\n`);
  return 2;
}
