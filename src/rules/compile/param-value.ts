/**
 * Checking one param value against its catalog entry: literal values at load, rendered template
 * values per decision.
 */
import { addressFormOf, describeAddressForms } from './address-form.js';
import type { ParamSpec } from './instruction-catalog.js';
import { describeValue } from './read-fields.js';
import { didYouMean } from './suggest-name.js';
import { HTTP_URL } from './url-form.js';

/** A problem with a value, or undefined when it is acceptable. */
export interface ValueProblem {
  readonly message: string;
  readonly hint?: string | undefined;
}

const SID_PATTERN = /^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$/;

function describePattern(pattern: RegExp): string {
  const sid = SID_PATTERN.exec(pattern.source);
  return sid === null
    ? `the form ${String(pattern)}`
    : `a ${sid[1]} SID (${sid[1]} and 32 hex digits)`;
}

/** What a string param of `spec` must be, in words (for reasons that must not show the value). */
export function describeExpected(spec: ParamSpec): string {
  if (spec.enum !== undefined) {
    return `one of ${spec.enum.join(', ')}`;
  }
  if (spec.pattern !== undefined) {
    return describePattern(spec.pattern);
  }
  if (spec.address !== undefined) {
    return describeAddressForms(spec.address);
  }
  return spec.url === true ? 'an absolute https:// or http:// URL' : 'a string';
}

/** Whether a string fits the spec's enum and pattern. */
export function acceptsString(spec: ParamSpec, value: string): boolean {
  return (spec.enum?.includes(value) ?? true) && (spec.pattern?.test(value) ?? true);
}

/** Checks a literal string (not a template) against enum and pattern. */
export function checkString(spec: ParamSpec, value: string): ValueProblem | undefined {
  if (value === '') {
    return { message: 'empty string', hint: 'leave the param out instead' };
  }
  if (spec.enum !== undefined && !spec.enum.includes(value)) {
    return {
      message: `expected one of ${spec.enum.join(', ')} but found ${JSON.stringify(value)}`,
      hint: didYouMean(value, spec.enum),
    };
  }
  if (spec.pattern !== undefined && !spec.pattern.test(value)) {
    return {
      message: `expected ${describePattern(spec.pattern)} but found ${JSON.stringify(value)}`,
    };
  }
  if (spec.url === true && !HTTP_URL.test(value)) {
    return {
      message: `expected an absolute https:// or http:// URL but found ${JSON.stringify(value)}`,
      hint: 'TaskRouter and Twilio call absolute URLs only',
    };
  }
  if (spec.address !== undefined && addressFormOf(spec.address, value) === undefined) {
    return {
      message: `expected ${describeAddressForms(spec.address)} but found ${JSON.stringify(value)}`,
      hint: /^\+?[\d\s().-]+$/.test(value) ? 'write the number as + and digits only' : undefined,
    };
  }
  return undefined;
}

/** Checks a literal integer or boolean param. */
export function checkScalar(spec: ParamSpec, value: unknown): ValueProblem | undefined {
  const quoted = typeof value === 'string';
  if (spec.type === 'integer') {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
      return undefined;
    }
    const hint = quoted && /^\d+$/.test(value) ? 'write the number without quotes' : undefined;
    return { message: `expected a whole number ≥ 0 but found ${describeValue(value)}`, hint };
  }
  if (typeof value === 'boolean') {
    return undefined;
  }
  const hint =
    quoted && /^(true|false)$/i.test(value) ? 'write true or false without quotes' : undefined;
  return { message: `expected true or false but found ${describeValue(value)}`, hint };
}

/** Why a non-string was given for a string param, with the usual YAML fix. */
export function notAString(value: unknown): ValueProblem {
  const scalar = typeof value === 'number' || typeof value === 'boolean';
  const hint = scalar
    ? `quote it: "${String(value)}"; unquoted, a leading + or 0 is lost`
    : undefined;
  return { message: `expected a string but found ${describeValue(value)}`, hint };
}
