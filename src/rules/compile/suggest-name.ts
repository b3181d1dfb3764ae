/**
 * "Did you mean …?" for misspelt keys, instruction names, rule names, days and time zones.
 */

/** Edit distance between two strings (insertions, deletions, substitutions). */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Folds case and word separators, so `post_work_activity_sid` meets `postWorkActivitySid`. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * The candidate closest to `input`, or undefined when none is close enough to be a plausible
 * typo: at most a third of the input's length in edits (so names under three characters only
 * match up to case and `_`/`-`).
 */
export function suggestName(input: string, candidates: Iterable<string>): string | undefined {
  const folded = fold(input);
  const budget = Math.floor(folded.length / 3);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(folded, fold(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

/** A hint like `did you mean 'timeout'?`, or undefined. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const suggestion = suggestName(input, candidates);
  return suggestion === undefined ? undefined : `did you mean '${suggestion}'?`;
}

/** `post_work_activity_sid` → `postWorkActivitySid`; names without `_` are returned unchanged. */
export function snakeToCamel(name: string): string {
  return name.replace(/_+([A-Za-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
