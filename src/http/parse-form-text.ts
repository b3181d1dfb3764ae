import { AppError } from '../shared/errors.js';

/** A form's fields, flat: a key sent twice keeps every value, in order (the signature covers them all). */
export type FormParams = Record<string, string | string[]>;

// A `%` not followed by two hex digits: no client that encodes its form properly sends one.
const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;

/**
 * Parses an `application/x-www-form-urlencoded` body flat, with the WHATWG rules
 * (`URLSearchParams`: `+` is a space; bracketed keys stay literal, as the signature was computed
 * over them). Refuses a malformed percent-escape (400) and more than `maxParams` fields (413).
 * The result has no prototype, so no key (`__proto__`, `constructor`) means anything to it.
 */
export function parseFormText(text: string, maxParams: number): FormParams {
  if (BAD_ESCAPE.test(text)) {
    throw new AppError(
      'ERR_BODY_INVALID',
      'The body has a malformed percent-escape (a % not followed by two hex digits).',
    );
  }
  const form = Object.create(null) as FormParams;
  let count = 0;
  for (const [key, value] of new URLSearchParams(text)) {
    count += 1;
    if (count > maxParams) {
      throw new AppError(
        'ERR_BODY_TOO_LARGE',
        `The body has more than ${maxParams} fields; a TaskRouter callback has a few dozen.`,
      );
    }
    const earlier = form[key];
    if (earlier === undefined) {
      form[key] = value;
    } else if (typeof earlier === 'string') {
      form[key] = [earlier, value];
    } else {
      earlier.push(value);
    }
  }
  return form;
}
