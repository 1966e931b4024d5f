/**
 * What must match between the gateway's answer and the floor's for them to be the same screen:
 * how many entries every list holds, and every `platformId` in document order (which chats,
 * messages, media and partners, in which order). Formatting (text, URLs, ids) may differ.
 */
export interface Fingerprint {
  /** Entries per list, by path without indexes, e.g. `connectedAccounts.chats.edges`. */
  lists: Record<string, number>;
  platformIds: string[];
}

export function fingerprint(data: unknown): Fingerprint {
  const result: Fingerprint = { lists: {}, platformIds: [] };
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      result.lists[path] = (result.lists[path] ?? 0) + value.length;
      for (const item of value) visit(item, path);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'platformId' && typeof child === 'string') result.platformIds.push(child);
        else visit(child, path === '' ? key : `${path}.${key}`);
      }
    }
  };
  visit(data, '');
  return result;
}

/** The first difference between two fingerprints, or null when they match. */
export function fingerprintDifference(gateway: Fingerprint, floor: Fingerprint): string | null {
  const paths = new Set([...Object.keys(gateway.lists), ...Object.keys(floor.lists)]);
  for (const path of paths) {
    if (gateway.lists[path] !== floor.lists[path]) {
      return `${path}: gateway ${gateway.lists[path] ?? 0} entries, floor ${floor.lists[path] ?? 0}`;
    }
  }
  const index = gateway.platformIds.findIndex((id, at) => floor.platformIds[at] !== id);
  if (index >= 0 || gateway.platformIds.length !== floor.platformIds.length) {
    const at = index >= 0 ? index : Math.min(gateway.platformIds.length, floor.platformIds.length);
    return `platformId #${at}: gateway ${gateway.platformIds[at]}, floor ${floor.platformIds[at]}`;
  }
  return null;
}
