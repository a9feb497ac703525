import type { DoctorCheck } from './doctor-check.js';
import { nodeCheck } from './runtime-checks.js';
import { sandboxCheck, sandboxNetworkCheck } from './sandbox-checks.js';

/** Every check `ax doctor` runs, in order. Add a system's checks here (one file per system). */
export const doctorChecks: readonly DoctorCheck[] = [nodeCheck, sandboxCheck, sandboxNetworkCheck];
