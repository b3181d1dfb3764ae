/** One line of the doctor's checklist. */
export interface CheckResult {
  readonly name: string;
  /** `skip`: a check it depends on failed; `warn`: worth a look, does not fail the run. */
  readonly status: 'ok' | 'fail' | 'warn' | 'skip';
  readonly detail: string;
  /** What to do, for `fail` and `warn`. */
  readonly fix?: string;
}

export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  status: 'fail',
  detail,
  fix,
});
export const skip = (name: string, detail: string): CheckResult => ({
  name,
  status: 'skip',
  detail,
});
