import { loadRules, type LoadedRules, type LoadRulesOptions } from '../../config/load-rules.js';
import { RulesLoadError } from '../../config/rules-load-error.js';
import { formatProblemsWithSource, plural } from './format-problem-source.js';

/**
 * Loads rules as the service does; when they do not load, writes every problem (with its source
 * line) and `N problems` through `write` and returns undefined. Other errors propagate.
 */
export function loadRulesOrReport(
  path: string,
  options: LoadRulesOptions,
  write: (text: string) => void,
): LoadedRules | undefined {
  try {
    return loadRules(path, options);
  } catch (err) {
    if (!(err instanceof RulesLoadError)) {
      throw err;
    }
    const lines = formatProblemsWithSource(err.problems);
    write(`${lines.join('\n')}\n${plural(err.problems.length, 'problem')}\n`);
    return undefined;
  }
}
