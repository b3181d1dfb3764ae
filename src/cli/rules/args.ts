/**
 * Command-line parsing shared by `rules check|test|explain`: options by name, at most one PATH,
 * and `--at` as an ISO time with an offset. Bad usage throws UsageError.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../shared/usage-error.js';

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
    throw new UsageError((err as Error).message);
  }
  const [path, ...extra] = parsed.positionals;
  if (extra.length > 0) {
    throw new UsageError(`one PATH at most, got also: ${extra.join(' ')}`);
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
    throw new UsageError(
      `--at must be an ISO 8601 time with an offset, e.g. 2024-05-06T10:00:00+02:00 or …Z; got "${value}"`,
    );
  }
  return at;
}
