import { isHttpsOrLoopback } from './callback-targets.js';
import { UsageError } from './usage-error.js';

/**
 * `PUBLIC_BASE_URL` without a trailing slash; a UsageError when it is missing, not a URL, carries
 * a query or fragment, or is http:// on a host other than a loopback address.
 */
export function readPublicBaseUrl(env: Readonly<Record<string, string | undefined>>): string {
  const value = env.PUBLIC_BASE_URL?.trim() ?? '';
  if (value === '') {
    throw new UsageError(
      'PUBLIC_BASE_URL is not set: export the URL prefix TaskRouter calls, e.g. https://assigner.example.com',
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`PUBLIC_BASE_URL is not a URL: use e.g. https://assigner.example.com`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new UsageError(
      'PUBLIC_BASE_URL must be a plain prefix (no user, password, query or fragment): TaskRouter signs the exact URL',
    );
  }
  if (!isHttpsOrLoopback(value)) {
    throw new UsageError(
      `PUBLIC_BASE_URL must be https:// (got ${url.protocol}//${url.host}): TaskRouter would send signed callbacks in clear text; http:// is accepted only for a loopback address`,
    );
  }
  return value.replace(/\/+$/, '');
}
