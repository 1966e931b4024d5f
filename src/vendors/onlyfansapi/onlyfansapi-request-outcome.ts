import { isJsonObject } from '../onlyfans-shared/onlyfans-json.ts';

/**
 * OnlyFansAPI's proof that a failed write did nothing: its error body says
 * `"request_outcome": "not_sent"`. Any other failure of a write (a timeout, a 5xx without it)
 * leaves the outcome unknown. The same envelope answers its OnlyFans and Fansly routes.
 */
export function onlyFansApiSaysNotSent(body: unknown): boolean {
  return isJsonObject(body) && body.request_outcome === 'not_sent';
}
