import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../src/shared/errors.js';

const page = readFileSync(new URL('../../../docs/http.md', import.meta.url), 'utf8');

describe('error catalog', () => {
  it.each(Object.entries(ERROR_CODES))(
    'when %s is in the catalog, then the error table of docs/http.md lists it with its status',
    (code, entry) => {
      const row = page.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row, `docs/http.md row for ${code}`).toBeDefined();
      expect(row).toContain(`| ${entry.status} |`);
      expect(row).toContain(entry.retryable ? '| yes |' : '| no |');
    },
  );

  it('when an AppError is made, then it carries the catalog status, retryability and cause', () => {
    const cause = new Error('inner');
    const err = new AppError('ERR_SIGNATURE_INVALID' satisfies ErrorCode, undefined, { cause });
    expect(err).toMatchObject({
      name: 'AppError',
      code: 'ERR_SIGNATURE_INVALID',
      status: 403,
      retryable: false,
      cause,
    });
    expect(err.message).toMatch(/PUBLIC_BASE_URL/);
  });
});
