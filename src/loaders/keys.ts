/** Loader keys are plain strings: the parts joined by a separator no part can contain. */
const SEPARATOR = '\u0000';

// One string built in place, no array mapped and joined: every profile a page carries is primed
// under two keys, so an inbox builds a few hundred keys per request.
export function loaderKey(...parts: Array<string | number | boolean | null | undefined>): string {
  let key = '';
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (index > 0) key += SEPARATOR;
    if (part !== null && part !== undefined) key += String(part);
  }
  return key;
}

export function splitLoaderKey(key: string): string[] {
  return key.split(SEPARATOR);
}
