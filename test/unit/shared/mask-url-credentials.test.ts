import { describe, expect, it } from 'vitest';
import { maskUrlCredentials } from '../../../src/shared/mask-url-credentials.js';

describe('maskUrlCredentials', () => {
  it.each([
    ['redis://:s3cret@redis.internal:6379/0', 'redis://***@redis.internal:6379/0'],
    ['rediss://default:s3cret@cache.example.com:6380', 'rediss://***@cache.example.com:6380'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
  ])('when given %s, then it prints %s', (url, shown) => {
    expect(maskUrlCredentials(url)).toBe(shown);
  });

  it('when the text is not a URL, then nothing of it is echoed', () => {
    expect(maskUrlCredentials('s3cret@@::')).toBe('[unparseable URL]');
  });
});
