import type { DataPath, SourcePosition } from './rules-problem.js';

/** What to point at when locating a value in its file. */
export interface LocateOptions {
  /** Point at the key of the value rather than the value (for "unknown key" problems). */
  readonly key?: boolean;
  /** A character offset inside a string value (for an error inside an expression). */
  readonly offset?: number;
}

/**
 * One parsed rules file, as the engine receives it: the data, plus a way back from a data path to
 * the file. This is the seam between the pure engine and the YAML/JSON loader in `src/config/`:
 * the engine never sees text, the loader never interprets rules.
 */
export interface RulesDocument {
  /** The file name to report, as the user should read it (relative to the rules path). */
  readonly file: string;
  /** The document's data (the result of parsing YAML or JSON). */
  readonly data: unknown;
  /** The position of the value at `path`, or undefined when the loader cannot tell. */
  locate(path: DataPath, options?: LocateOptions): SourcePosition | undefined;
}
