import { isHttpsOrLoopback } from '../shared/callback-targets.js';
import { fail, ok, type CheckResult } from './check-result.js';

/** PUBLIC_BASE_URL is https (or loopback) and a plain prefix, as the web process checks signatures against it. */
export function checkPublicBaseUrl(publicBaseUrl: string): CheckResult {
  const name = 'PUBLIC_BASE_URL';
  if (!isHttpsOrLoopback(publicBaseUrl)) {
    return fail(
      name,
      `${publicBaseUrl} is not https: TaskRouter would send signed callbacks in clear text`,
      'serve the service over https and set PUBLIC_BASE_URL=https://…',
    );
  }
  const u = new URL(publicBaseUrl);
  if (u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') {
    return fail(
      name,
      'has a user, password, query or fragment',
      'set it to the bare prefix, e.g. https://assigner.example.com',
    );
  }
  return ok(name, `${publicBaseUrl} (the web process checks signatures against this prefix)`);
}
