/** What one check found: `ok`, `warn` (works, with a caveat) or `fail` (a feature will not work). */
export interface CheckResult {
  status: 'ok' | 'warn' | 'fail';
  /** One line: what works, or what does not and why. */
  summary: string;
  /** What to do about a warning or a failure. */
  fix?: string;
}

/** One thing `ax doctor` checks. A system adds its own by listing it in `doctor-checks.ts`. */
export interface DoctorCheck {
  /** Short name shown in the first column, e.g. `sandbox`. */
  name: string;
  run(): Promise<CheckResult>;
}
