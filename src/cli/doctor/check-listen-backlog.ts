import { ok, type CheckResult } from './check-result.js';

/**
 * `HTTP_LISTEN_BACKLOG` against the kernel's cap on it (`net.core.somaxconn`, null where it
 * cannot be read). A warning, not a failure: the doctor may run on another host than the web
 * process, and a smaller backlog only matters when connections arrive in bursts.
 */
export function checkListenBacklog(backlog: number, somaxconn: number | null): CheckResult {
  const name = 'listen backlog (HTTP_LISTEN_BACKLOG)';
  if (somaxconn === null) {
    return ok(name, `${backlog}; the kernel's cap (net.core.somaxconn) is not readable here`);
  }
  if (somaxconn >= backlog) {
    return ok(name, `${backlog} (the kernel allows up to ${somaxconn})`);
  }
  return {
    name,
    status: 'warn',
    detail:
      `the kernel caps the listen backlog at net.core.somaxconn = ${somaxconn}, below ` +
      `HTTP_LISTEN_BACKLOG ${backlog}: past ${somaxconn} waiting connections, a new one's SYN is ` +
      'dropped and retried 1 s, 3 s, 7 s later (a callback that waits that long misses TaskRouter’s 5 s)',
    fix: `on the web process's host: sysctl -w net.core.somaxconn=${backlog} (in a container, its sysctls); see docs/deployment.md#bursts-of-new-connections`,
  };
}
