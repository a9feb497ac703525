/** An AbortSignal that fires on the first Ctrl-C or SIGTERM: long-running commands stop cleanly on it. */
export function processStopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
