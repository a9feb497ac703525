import { readFileSync } from 'node:fs';

/** Whether a process with this id exists (on this machine). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Signals a whole process group (the group a detached child leads); quietly ignores a gone group. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Stops a step's process left over from a run whose engine died. The pid may have been reused since,
 * so the group is killed only when the process still carries this execution's id in its environment.
 */
export function killOrphanedStep(pid: number, executionId: string, stepKey: string): boolean {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return false;
  }
  const vars = new Set(environ.split('\0'));
  if (!vars.has(`AX_EXECUTION_ID=${executionId}`) || !vars.has(`AX_STEP_KEY=${stepKey}`)) return false;
  signalProcessGroup(pid, 'SIGKILL');
  return true;
}
