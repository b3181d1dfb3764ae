import { describe, expect, it } from 'vitest';
import { parseFormText } from '../../../src/http/parse-form-text.js';
import { AppError } from '../../../src/shared/errors.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
  return 'no error';
};

describe('parseFormText', () => {
  it('decodes + as a space and percent-escapes as UTF-8, keys kept literal', () => {
    expect(parseFormText('a=b+c%20d&%C3%A9=%E2%82%AC&x%5By%5D=1&empty=', 10)).toEqual({
      a: 'b c d',
      é: '€',
      'x[y]': '1',
      empty: '',
    });
  });

  it('gives __proto__ and constructor no meaning', () => {
    const form = parseFormText('__proto__=x&constructor=y', 10);
    expect(Object.getPrototypeOf(form)).toBe(null);
    expect(form.__proto__).toBe('x');
    expect(form.constructor).toBe('y');
  });

  it('keeps every value of a repeated key, in order', () => {
    expect(parseFormText('a=1&b=2&a=3&a=4', 10)).toEqual({ a: ['1', '3', '4'], b: '2' });
  });

  it('parses an empty body as no fields', () => {
    expect(parseFormText('', 10)).toEqual({});
  });

  it.each(['a=%zz', 'a=%', 'a=%4', '%G1=b', 'a=b%2'])('refuses %j: ERR_BODY_INVALID', (text) => {
    expect(codeOf(() => parseFormText(text, 10))).toBe('ERR_BODY_INVALID');
  });

  it('refuses one field more than the limit: ERR_BODY_TOO_LARGE', () => {
    expect(codeOf(() => parseFormText('a=1&b=2&c=3', 3))).toBe('no error');
    expect(codeOf(() => parseFormText('a=1&b=2&c=3&d=4', 3))).toBe('ERR_BODY_TOO_LARGE');
  });
});
