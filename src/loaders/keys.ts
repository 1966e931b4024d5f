/** Loader keys are plain strings: the parts joined by a separator no part can contain. */
const SEPARATOR = '\u0000';

export function loaderKey(...parts: Array<string | number | boolean | null | undefined>): string {
  return parts
    .map((part) => (part === null || part === undefined ? '' : String(part)))
    .join(SEPARATOR);
}

export function splitLoaderKey(key: string): string[] {
  return key.split(SEPARATOR);
}
