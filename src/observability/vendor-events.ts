import type { VendorHttpEvents } from '../http/vendor-http-events.ts';

type Hook = (info: never) => void;

/** One set of VendorHttp hooks that calls each of the given ones in turn (metrics, tracing, …). */
export function combineVendorHttpEvents(...all: VendorHttpEvents[]): VendorHttpEvents {
  const combined: Record<string, Hook> = {};
  const names = new Set(all.flatMap((events) => Object.keys(events)));
  for (const name of names) {
    const hooks = all
      .map((events) => events[name as keyof VendorHttpEvents] as Hook | undefined)
      .filter((hook): hook is Hook => hook !== undefined);
    combined[name] = (info) => {
      for (const hook of hooks) {
        try {
          hook(info);
        } catch {
          // One broken hook must not keep the others from hearing of the call.
        }
      }
    };
  }
  return combined as VendorHttpEvents;
}
