import type { CheckResult, DoctorCheck } from './doctor-check.js';
import { doctorChecks } from './doctor-checks.js';

export interface DoctorReport {
  ok: boolean;
  checks: Array<CheckResult & { name: string }>;
}

/** Runs the checks one after another; a check that throws is reported as failed, with its message. */
export async function runDoctor(checks: readonly DoctorCheck[] = doctorChecks): Promise<DoctorReport> {
  const results: DoctorReport['checks'] = [];
  for (const check of checks) {
    try {
      results.push({ name: check.name, ...(await check.run()) });
    } catch (error) {
      results.push({
        name: check.name,
        status: 'fail',
        summary: `the check failed: ${(error as Error).message}`,
      });
    }
  }
  return { ok: results.every((result) => result.status !== 'fail'), checks: results };
}
