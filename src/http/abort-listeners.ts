/**
 * Calls to make when a signal aborts, with one listener on the signal however many there are.
 * A request's deadline signal is shared by every vendor call the request makes (an overview makes
 * dozens at once): each adding its own listener would pass Node's limit of listeners per signal
 * and print a MaxListenersExceededWarning per call. Here each signal carries one listener, which
 * calls the callbacks registered now, and is removed with the last of them.
 */

const callbacksBySignal = new WeakMap<AbortSignal, Set<() => void>>();

function abortAll(this: AbortSignal): void {
  const callbacks = callbacksBySignal.get(this);
  callbacksBySignal.delete(this);
  if (callbacks === undefined) return;
  for (const callback of callbacks) callback();
}

/**
 * Calls `callback` once when `signal` aborts (not at once if it already has: the caller checks
 * `aborted` first). Returns the function that unregisters it, to call when the wait is over.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = callbacksBySignal.get(signal);
  if (callbacks === undefined) {
    callbacks = new Set();
    callbacksBySignal.set(signal, callbacks);
    signal.addEventListener('abort', abortAll, { once: true });
  }
  // A wrapper per registration: the same function registered twice is called twice.
  const registered = () => callback();
  callbacks.add(registered);
  return () => {
    const current = callbacksBySignal.get(signal);
    if (current === undefined || !current.delete(registered) || current.size > 0) return;
    callbacksBySignal.delete(signal);
    signal.removeEventListener('abort', abortAll);
  };
}
