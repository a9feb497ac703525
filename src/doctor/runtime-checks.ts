import type { DoctorCheck } from './doctor-check.js';

/** Node 22.12 or newer: `node:sqlite` and the rest of what AutomatosX uses. */
export const nodeCheck: DoctorCheck = {
  name: 'node',
  async run() {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const ok = major > 22 || (major === 22 && minor >= 12);
    return ok
      ? { status: 'ok', summary: `Node ${process.versions.node}` }
      : {
          status: 'fail',
          summary: `Node ${process.versions.node} is too old`,
          fix: 'install Node 22.12 or newer (24 recommended)',
        };
  },
};
