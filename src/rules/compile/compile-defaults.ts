/**
 * The `defaults` section. Several files may each set some of the keys; a key set twice must be
 * set to the same value (see merge-setting.ts).
 */
import type { DocumentSections } from './read-fields.js';
import { claimSetting, type SettingClaims } from './merge-setting.js';
import { readChoice, readFields } from './read-fields.js';
import { readTimeout } from './read-timeout.js';
import { MODES, type Mode, type RuleDefaults } from '../types.js';

/** The defaults that apply when a rule set says nothing (design.md §5). */
export const BUILT_IN_DEFAULTS: RuleDefaults = Object.freeze({
  mode: 'async',
  reservationTimeout: 120,
  onNoMatch: 'leave',
});

/** The merged defaults of every document, built-in values for keys none sets. */
export function compileDefaults(
  documents: readonly DocumentSections[],
  claims: SettingClaims,
): RuleDefaults {
  let mode: Mode = BUILT_IN_DEFAULTS.mode;
  let reservationTimeout = BUILT_IN_DEFAULTS.reservationTimeout;
  let onNoMatch: RuleDefaults['onNoMatch'] = BUILT_IN_DEFAULTS.onNoMatch;
  for (const { reporter, sections } of documents) {
    const section = sections.get('defaults');
    const fields =
      section &&
      readFields(reporter, section.value, section.path, [
        'mode',
        'reservationTimeout',
        'onNoMatch',
      ]);
    for (const [name, field] of fields ?? []) {
      if (!claimSetting(claims, reporter, field)) {
        continue;
      }
      if (name === 'mode') {
        mode = readChoice(reporter, field, MODES) ?? mode;
      } else if (name === 'reservationTimeout') {
        reservationTimeout = readTimeout(reporter, field) ?? reservationTimeout;
      } else {
        onNoMatch = readChoice(reporter, field, ['leave', 'reject'] as const) ?? onNoMatch;
      }
    }
  }
  return Object.freeze({ mode, reservationTimeout, onNoMatch });
}
