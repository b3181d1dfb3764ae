import { describe, expect, it } from 'vitest';
import { createSealer } from '../../../src/shared/create-sealer.js';

const OLD_TOKEN = 'old-auth-token-0123456789abcdef';
const NEW_KEY = 'n'.repeat(43);
const NEXT_KEY = 'x'.repeat(43);
const params = { to: '+15550001111', sipAuthPassword: 'pw' };

describe('createSealer', () => {
  it('when params were sealed with the token-derived key of earlier versions, then a sealer listing the old token opens them', () => {
    const sealed = createSealer(OLD_TOKEN).seal(params);
    expect(createSealer([NEW_KEY, OLD_TOKEN]).open(sealed)).toEqual(params);
  });

  it('when keys rotate, then the first key seals and any listed key opens', () => {
    const before = createSealer([NEW_KEY]).seal(params);
    const during = createSealer([NEXT_KEY, NEW_KEY]);
    const after = createSealer([NEXT_KEY]);
    expect(during.open(before)).toEqual(params);
    expect(after.open(during.seal(params))).toEqual(params);
    expect(() => after.open(before)).toThrow();
  });

  it('when sealed, then the text holds none of the values in the clear', () => {
    const sealed = createSealer([NEW_KEY]).seal(params);
    expect(sealed).not.toContain('15550001111');
    expect(sealed).not.toContain('pw"');
  });

  it('when given no secret, then it refuses to build', () => {
    expect(() => createSealer([])).toThrow(/at least one secret/);
  });
});
