import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { RouteError } from './route-kit.ts';

/**
 * OnlyFansAPI's `Idempotency-Key`: the first request with a key is applied and its answer
 * remembered, per API key, connected account and key; a repeat answers the same body again and
 * applies nothing. The newest keys are kept, up to a bound, so memory stays flat however long the
 * sandbox runs. A key reused for a different request is refused rather than answered with another
 * request's result.
 */

const MAX_KEY_LENGTH = 255;

export interface IdempotencyScope {
  apiKey: string;
  account: string;
  key: string;
}

interface Remembered {
  fingerprint: string;
  /** The answer's JSON, frozen as it was first answered. */
  body: string;
}

/** The request's key, null without one; a validation error when it is too long. */
export function idempotencyKeyOf(headers: IncomingHttpHeaders): string | null {
  const value = headers['idempotency-key'];
  if (typeof value !== 'string' || value === '') return null;
  if (value.length > MAX_KEY_LENGTH) {
    throw new RouteError(
      'validation',
      `The Idempotency-Key header must not be greater than ${MAX_KEY_LENGTH} characters.`,
      'Idempotency-Key',
    );
  }
  return value;
}

export class IdempotencyMemory {
  readonly #maxKeys: number;
  readonly #answers = new Map<string, Remembered>();

  /** @param maxKeys how many keys to keep; the oldest is forgotten first. */
  constructor(maxKeys = 10_000) {
    this.#maxKeys = maxKeys;
  }

  get size(): number {
    return this.#answers.size;
  }

  /**
   * The remembered answer of this key, or `apply()`'s, remembered when it returns. A throw
   * (nothing applied) remembers nothing, so the key can be used again.
   * @param request what the key was sent with (method, path, body), to refuse its reuse elsewhere.
   */
  run(scope: IdempotencyScope, request: string, apply: () => unknown): unknown {
    const id = JSON.stringify([scope.apiKey, scope.account, scope.key]);
    const fingerprint = createHash('sha256').update(request).digest('hex');
    const remembered = this.#answers.get(id);
    if (remembered !== undefined) {
      if (remembered.fingerprint !== fingerprint) {
        throw new RouteError(
          'validation',
          'The Idempotency-Key was already used for a different request.',
          'Idempotency-Key',
        );
      }
      return JSON.parse(remembered.body);
    }
    const answer = apply();
    this.#answers.set(id, { fingerprint, body: JSON.stringify(answer) });
    if (this.#answers.size > this.#maxKeys) {
      const oldest = this.#answers.keys().next().value;
      if (oldest !== undefined) this.#answers.delete(oldest);
    }
    return answer;
  }
}
