/**
 * A problem with how a command was called (arguments, files it names, environment), found before
 * anything was sent. Every command exits with {@link USAGE_EXIT} for it, after the problems and a
 * pointer to its `--help`; other failures exit 1.
 */
export class UsageError extends Error {
  readonly problems: readonly string[];
  /** The command words whose `--help` to point at (`rules check`), when the thrower knows them. */
  readonly command: string | undefined;

  constructor(problems: string | readonly string[], command?: string) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'));
    this.name = new.target.name;
    this.problems = list;
    this.command = command;
  }
}

/** Exit code of a usage error, in every command: 0 done, 1 failed, 2 usage. */
export const USAGE_EXIT = 2;

/**
 * Prints a usage error (one `error:` line per problem) and where to find help; returns
 * {@link USAGE_EXIT}. Anything other than a UsageError is rethrown.
 */
export function reportUsageError(
  stderr: (text: string) => void,
  err: unknown,
  command: string,
): number {
  if (!(err instanceof UsageError)) {
    throw err;
  }
  const lines = err.problems.map((p) => `error: ${p}`);
  const help = `taskrouter-assigner ${err.command ?? command} --help`;
  stderr(`${lines.join('\n')}\nrun \`${help}\` for usage\n`);
  return USAGE_EXIT;
}
