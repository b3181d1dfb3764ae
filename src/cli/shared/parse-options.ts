import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A command's options by name, no positionals; an unknown or malformed option is a UsageError
 * naming `command` (for its `--help` hint).
 */
export function parseOptions<O extends Options>(
  argv: readonly string[],
  options: O,
  command?: string,
) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
}
