/**
 * Settings that may be given in more than one file of a rules folder (`defaults`, `workflows`,
 * `schedules`) merge key by key. Giving the same key the same value twice is fine; different
 * values are an error that names both places.
 */
import type { Field } from './read-fields.js';
import type { Reporter } from './reporter.js';
import { formatDataPath, type SourceLocation } from './rules-problem.js';

interface Claim {
  readonly value: unknown;
  readonly at: SourceLocation;
}

/** Where each setting was first given; one per rule set. */
export type SettingClaims = Map<string, Claim>;

const show = (value: unknown): string => JSON.stringify(value);

/**
 * Records that `field` sets its path's value. Returns false (and reports) when an earlier file
 * set the same setting differently.
 */
export function claimSetting(claims: SettingClaims, reporter: Reporter, field: Field): boolean {
  const key = formatDataPath(field.path);
  const previous = claims.get(key);
  const at = reporter.locate(field.path);
  if (previous === undefined) {
    claims.set(key, { value: field.value, at });
    return true;
  }
  if (show(previous.value) === show(field.value)) {
    return true;
  }
  const where = `${previous.at.file}:${previous.at.line}:${previous.at.column}`;
  reporter.report(
    field.path,
    `${key} is ${show(field.value)} here but ${show(previous.value)} at ${where}`,
    { hint: 'set it in one file only' },
  );
  return false;
}
