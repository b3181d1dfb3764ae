import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../src/shared/errors.js';

// The README is being split into docs/ pages: a code's row may be in either.
const root = new URL('../../../', import.meta.url);
const readme = ['README.md', ...readdirSync(new URL('docs/', root)).map((f) => `docs/${f}`)]
  .filter((f) => f.endsWith('.md'))
  .map((f) => readFileSync(new URL(f, root), 'utf8'))
  .join('\n');

describe('error catalog', () => {
  it.each(Object.entries(ERROR_CODES))('when %s is in the catalog, then the README error table lists it with its status', (code, entry) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    expect(row, `README row for ${code}`).toBeDefined();
    expect(row).toContain(`| ${entry.status} |`);
    expect(row).toContain(entry.retryable ? '| yes |' : '| no |');
  });

  it('when an AppError is made, then it carries the catalog status, retryability and cause', () => {
    const cause = new Error('inner');
    const err = new AppError('ERR_SIGNATURE_INVALID' satisfies ErrorCode, undefined, { cause });
    expect(err).toMatchObject({ name: 'AppError', code: 'ERR_SIGNATURE_INVALID', status: 403, retryable: false, cause });
    expect(err.message).toMatch(/PUBLIC_BASE_URL/);
  });
});
