/**
 * A problem with how `reservations` was called (arguments, params, environment), found before
 * anything was sent. Each line is one problem; the command prints them to stderr and exits 1.
 */
export class ReservationsUsageError extends Error {
  readonly problems: readonly string[];
  /** The subcommand whose `--help` to point at, when there is one. */
  readonly subcommand: string | undefined;

  constructor(problems: readonly string[], subcommand?: string) {
    super(problems.join('\n'));
    this.name = new.target.name;
    this.problems = problems;
    this.subcommand = subcommand;
  }
}
