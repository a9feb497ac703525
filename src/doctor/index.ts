/** `ax doctor`: checks whether this machine can run what AutomatosX needs, with the fix when it cannot. */
export type { CheckResult, DoctorCheck } from './doctor-check.js';
export { doctorChecks } from './doctor-checks.js';
export { type DoctorReport, runDoctor } from './run-doctor.js';
