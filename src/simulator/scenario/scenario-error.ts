/** A scenario file that cannot be used; `problems` lists every problem as `file:line:col path: message`. */
export class ScenarioError extends Error {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`${source}: ${problems.length} problem(s) in the scenario:\n  ${problems.join('\n  ')}`);
    this.name = new.target.name;
    this.problems = problems;
  }
}
