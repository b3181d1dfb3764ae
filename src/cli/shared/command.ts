/** A subcommand: gets its own argv (after the command words) and returns the exit code. */
export type Command = (argv: readonly string[]) => Promise<number>;
