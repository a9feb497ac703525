/** The CLI's exit codes, the same for every command. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  invalidInput: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
