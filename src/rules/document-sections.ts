import type { Field } from './read-fields.js';
import type { Reporter } from './reporter.js';

/** What a rules file's top level holds, per file, as read by `compile-rule-set.ts`. */
export interface DocumentSections {
  readonly reporter: Reporter;
  readonly sections: ReadonlyMap<string, Field>;
}
