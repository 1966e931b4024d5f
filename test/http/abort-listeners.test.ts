import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from '../../src/http/abort-listeners.ts';

describe('onAbort', () => {
  it('puts one listener on a signal however many waits register, and calls each once', () => {
    const controller = new AbortController();
    const called: number[] = [];
    const stops = Array.from({ length: 100 }, (_, index) =>
      onAbort(controller.signal, () => called.push(index)),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    stops[0]!();
    stops[0]!(); // twice: still one unregistration
    controller.abort();
    expect(called).toHaveLength(99);
    expect(new Set(called).size).toBe(99);
    expect(called).not.toContain(0);
  });

  it('removes its listener with the last registration', () => {
    const controller = new AbortController();
    const first = onAbort(controller.signal, () => {});
    const second = onAbort(controller.signal, () => {});
    first();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    second();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // Registering again after that listens again.
    let called = 0;
    onAbort(controller.signal, () => {
      called += 1;
    });
    controller.abort();
    expect(called).toBe(1);
  });
});
