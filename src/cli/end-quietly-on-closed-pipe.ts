/**
 * `ax … | head -1`: once the reader has gone, further output has nowhere to go and the work's result
 * cannot be shown, so the process ends at once with the exit code it had so far, instead of an
 * unhandled EPIPE stack trace. Other stream errors are left to Node's default handling.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(Number(process.exitCode ?? 0));
  });
}
