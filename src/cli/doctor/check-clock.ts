import { fail, ok, type CheckResult } from './check-result.js';

/** The local clock agrees with TaskRouter's `Date` header within `budgetMs`. */
export function checkClock(
  serverDate: number | null,
  localMidpoint: number,
  budgetMs: number,
): CheckResult {
  const name = 'clock agrees with TaskRouter';
  if (serverDate === null) {
    return fail(
      name,
      'TaskRouter sent no Date header',
      'check TASKROUTER_BASE_URL: a proxy may strip the header',
    );
  }
  // The header has whole seconds: allow one more.
  const skew = localMidpoint - serverDate;
  return Math.abs(skew) <= budgetMs + 1000
    ? ok(name, `off by about ${Math.round(Math.abs(skew) / 1000)} s (budget ${budgetMs / 1000} s)`)
    : fail(
        name,
        `the local clock is ${Math.round(skew / 1000)} s ${skew > 0 ? 'ahead of' : 'behind'} TaskRouter: deadlines are computed from it`,
        'enable time synchronisation (NTP, chrony, systemd-timesyncd) on this machine',
      );
}
